import { expect } from "chai";
import { accountsProvider } from "../../../../provider/resources/accounts/provider";
import { OFFLINE_CONTEXT } from "../../../helpers/offline-context";

const provider = accountsProvider(OFFLINE_CONTEXT);
const check = (news: Record<string, unknown>) => provider.check!({}, news);

describe("ImportedAccounts check", () => {
  it("names each bad account and field, all at once", async () => {
    const { failures } = await check({ accounts: { ["x".repeat(33)]: {}, "ünï": {}, ok: { nick: "n".repeat(501) } } });
    expect(failures!.map((f) => f.property).sort()).to.deep.equal(["accounts.ok.nick", `accounts.${"x".repeat(33)}`, "accounts.ünï"].sort());
    expect(failures!.find((f) => f.property === "accounts.ok.nick")!.reason).to.match(/500 bytes/);
  });

  it("accepts 32-byte IDs and 500-byte profiles", async () => {
    expect((await check({ accounts: { ["x".repeat(32)]: { nick: "名".repeat(166), faceUrl: "https://e.x/a.png" } } })).failures).to.deep.equal([]);
  });

  it("diff: any account change is an update, never a replacement", async () => {
    const olds = { accounts: { a: {} }, accountCount: 1 };
    expect(await provider.diff!("id", olds, { accounts: { a: {}, b: {} } })).to.deep.include({ changes: true, replaces: [] });
    expect(await provider.diff!("id", olds, { accounts: { a: {} } })).to.deep.include({ changes: false });
  });
});
