/**
 * Logs progress of a large import at every tenth; the provider's stdout shows in `pulumi up`. Imports of fewer
 * than 1,000 items stay quiet.
 */
export function progressLogger(prefix: string, noun: string): (done: number, total: number) => void {
  let lastTenth = -1;
  return (done, total) => {
    const tenth = Math.floor((done / total) * 10);
    if (total >= 1000 && tenth !== lastTenth) {
      lastTenth = tenth;
      console.log(`${prefix}imported ${done}/${total} ${noun}`);
    }
  };
}
