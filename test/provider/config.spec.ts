import { expect } from "chai";
import { resolveProviderConfig } from "../../provider/config";

const SECRET = "config-spec-secret-value";
const lookup = (values: Record<string, string>) => (key: string) => values[key];

describe("provider config", () => {
  it("reads stack config first, then TENCENT_CHAT_* variables, with defaults", () => {
    const config = resolveProviderConfig(lookup({ "tencent-chat:sdkAppId": "1400000001", "tencent-chat:region": "singapore" }), {
      TENCENT_CHAT_SDKAPPID: "999",
      TENCENT_CHAT_SECRET_KEY: SECRET,
      TENCENT_CHAT_MEMBER_BATCH_SIZE: "20",
    });
    expect(config).to.deep.include({
      sdkAppId: 1400000001,
      secretKey: SECRET,
      region: "singapore",
      identifier: "administrator",
      memberBatchSize: 20,
    });
    expect(config.deletionPolicy, "unset: decided by the target (see deletion.ts)").to.equal(undefined);
  });

  for (const [endpoint, allowed] of [
    ["http://127.0.0.1:8080", true],
    ["http://localhost:1", true],
    ["http://[::1]:2", true],
    ["https://chat.example.com", true],
    ["http://chat.example.com", false],
    ["http://10.0.0.5:8080", false],
    ["ftp://127.0.0.1", false],
  ] as const) {
    it(`${allowed ? "accepts" : "refuses"} endpoint ${endpoint}`, () => {
      const resolve = () =>
        resolveProviderConfig(lookup({ "tencent-chat:endpoint": endpoint }), {
          TENCENT_CHAT_SDKAPPID: "1",
          TENCENT_CHAT_SECRET_KEY: SECRET,
        });
      if (allowed) expect(resolve).to.not.throw();
      else expect(resolve).to.throw(/tencent-chat:endpoint \(or TENCENT_CHAT_ENDPOINT\): must use https/);
    });
  }

  it("names every bad key with its variable and never echoes a value", () => {
    let message = "";
    try {
      resolveProviderConfig(lookup({ "tencent-chat:sdkAppId": "abc", "tencent-chat:deletionPolicy": SECRET }), {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).to.match(/tencent-chat:sdkAppId \(or TENCENT_CHAT_SDKAPPID\)/);
    expect(message).to.match(/tencent-chat:secretKey \(or TENCENT_CHAT_SECRET_KEY\)/);
    expect(message).to.match(/tencent-chat:deletionPolicy/);
    expect(message).to.match(/tencent-chat:region .*tencent-chat:endpoint/);
    expect(message).to.not.include(SECRET);
  });
});
