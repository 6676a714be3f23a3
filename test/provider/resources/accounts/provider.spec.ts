import { expect } from "chai";
import { accountsProvider } from "../../../../provider/resources/accounts/provider";
import { encodeAccounts } from "../../../../provider/resources/accounts/accounts-text";
import { OFFLINE_CONTEXT } from "../../../helpers/offline-context";

const provider = accountsProvider(OFFLINE_CONTEXT);
/** Inputs as the resource registers them: the accounts as one text. */
const check = ({ accounts, ...rest }: { accounts: Record<string, object> }) =>
  provider.check!({}, { ...rest, accounts: encodeAccounts(accounts) });

describe("ImportedAccounts check", () => {
  it("does not read again the inputs it passed before they were applied, and reads any change", async () => {
    // A text a newer rule refuses stands for "already applied": unchanged, it is not read (no call follows).
    const applied = ["@ImportedAccounts v1", "__proto__"].join("\n");
    expect((await provider.check!({ accounts: applied }, { accounts: applied })).failures).to.deep.equal([]);
    expect((await provider.check!({ accounts: applied }, { accounts: `${applied}\nbob` })).failures).to.have.length(1);
    expect(
      (await provider.check!({ accounts: applied, deletionPolicy: "retain" }, { accounts: applied, deletionPolicy: "never" })).failures,
    ).to.not.deep.equal([]);
  });

  it("names each bad account and field, all at once", async () => {
    const { failures } = await check({ accounts: { ["x".repeat(33)]: {}, ünï: {}, ok: { nick: "n".repeat(501) } } });
    expect(failures!.map((f) => f.property).sort()).to.deep.equal(
      ["accounts.ok.nick", `accounts.${"x".repeat(33)}`, "accounts.ünï"].sort(),
    );
    expect(failures!.find((f) => f.property === "accounts.ok.nick")!.reason).to.match(/500 bytes/);
  });

  it("accepts 32-byte IDs and 500-byte profiles", async () => {
    expect(
      (await check({ accounts: { ["x".repeat(32)]: { nick: "名".repeat(166), faceUrl: "https://e.x/a.png" } } })).failures,
    ).to.deep.equal([]);
  });

  it("diff: any account change is an update, never a replacement", async () => {
    const olds = { accounts: encodeAccounts({ a: {} }), accountCount: 1 };
    expect(await provider.diff!("id", olds, { accounts: encodeAccounts({ a: {}, b: {} }) })).to.deep.include({
      changes: true,
      replaces: [],
    });
    expect(await provider.diff!("id", olds, { accounts: encodeAccounts({ a: {} }) })).to.deep.include({ changes: false });
    // A state written before the accounts were one text holds the map: the same accounts are no change.
    expect(await provider.diff!("id", { accounts: { a: {} }, accountCount: 1 }, { accounts: encodeAccounts({ a: {} }) })).to.deep.include({
      changes: false,
    });
  });

  it("names each line of the accounts text that does not read, and a text without its header", async () => {
    const { failures } = await provider.check!({}, { accounts: '@ImportedAccounts v1\nalice {"nick":\nbob\nbob\n"carol' });
    expect(failures).to.deep.equal([
      { property: "accounts", reason: 'line 2: the profile of alice is not JSON: {"nick":' },
      { property: "accounts", reason: "line 4: account bob is declared twice" },
      { property: "accounts", reason: 'line 5: "carol has no closing quote' },
    ]);
    expect((await provider.check!({}, { accounts: "alice" })).failures![0]!.reason).to.match(
      /must start with the line "@ImportedAccounts v1"/,
    );
  });
});
