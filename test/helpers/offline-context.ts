import type { ProviderContext } from "../../provider/runtime-context";

/** A provider context for check and diff: any config read or API call fails the test, proving there is none. */
export const OFFLINE_CONTEXT: ProviderContext = {
  config: () => {
    throw new Error("config must not be read in check or diff");
  },
  client: () => {
    throw new Error("no API call may happen in check or diff");
  },
  assertConfigured: () => undefined,
  mayDelete: () => {
    throw new Error("nothing may be deleted in check or diff");
  },
};
