/** A program that declares nothing: a stack with a checkpoint and no calls. */
export function emptyProgram() {
  return { declared: "nothing" };
}
