import { expect } from "chai";
import { rawCall, useEmulator } from "../../helpers/emulator";

describe("emulator profile commands (portrait_get, portrait_set)", () => {
  const emulator = useEmulator({
    seed: {
      accounts: { alice: { userId: "alice", nick: "Alice", faceUrl: "https://x/a.png" }, bob: { userId: "bob" } },
      groups: {},
      idCounter: 0,
    },
  });
  const call = (command: string, body: unknown) => rawCall(emulator.get(), command, body).then((r) => r.json);

  it("portrait_get reads the nick and face that account import set, per account with a ResultCode; a missing account is 40003 and in Fail_Account", async () => {
    const json = await call("portrait_get", {
      To_Account: ["alice", "bob", "ghost"],
      TagList: ["Tag_Profile_IM_Nick", "Tag_Profile_IM_Image"],
    });
    expect(json.ActionStatus).to.equal("OK");
    expect(json.UserProfileItem).to.deep.equal([
      {
        To_Account: "alice",
        ProfileItem: [
          { Tag: "Tag_Profile_IM_Nick", Value: "Alice" },
          { Tag: "Tag_Profile_IM_Image", Value: "https://x/a.png" },
        ],
        ResultCode: 0,
        ResultInfo: "",
      },
      { To_Account: "bob", ProfileItem: [], ResultCode: 0, ResultInfo: "" },
      { To_Account: "ghost", ResultCode: 40003, ResultInfo: "Err_Profile_Account_Not_Exist" },
    ]);
    expect(json.Fail_Account).to.deep.equal(["ghost"]);
  });

  it("portrait_set stores standard and custom tags, and portrait_get gives them back", async () => {
    const set = await call("portrait_set", {
      From_Account: "bob",
      ProfileItem: [
        { Tag: "Tag_Profile_IM_Nick", Value: "Bob 鲍勃" },
        { Tag: "Tag_Profile_IM_Gender", Value: "Gender_Type_Male" },
        { Tag: "Tag_Profile_IM_Level", Value: 7 },
        { Tag: "Tag_Profile_Custom_Team", Value: "ops" },
      ],
    });
    expect(set.ActionStatus).to.equal("OK");
    expect(emulator.get().store.state.accounts.bob).to.deep.equal({
      userId: "bob",
      nick: "Bob 鲍勃",
      profile: { Tag_Profile_IM_Gender: "Gender_Type_Male", Tag_Profile_IM_Level: 7, Tag_Profile_Custom_Team: "ops" },
    });
    const got = await call("portrait_get", {
      To_Account: ["bob"],
      TagList: ["Tag_Profile_IM_Nick", "Tag_Profile_IM_Level", "Tag_Profile_Custom_Team"],
    });
    expect((got.UserProfileItem as { ProfileItem: unknown }[])[0]!.ProfileItem).to.deep.equal([
      { Tag: "Tag_Profile_IM_Nick", Value: "Bob 鲍勃" },
      { Tag: "Tag_Profile_IM_Level", Value: 7 },
      { Tag: "Tag_Profile_Custom_Team", Value: "ops" },
    ]);
  });

  // Error codes of the portrait_set page: 40003, 40009, 40601, 40605, 40610; nothing is applied when one item fails.
  const rejects: [string, unknown, number][] = [
    [
      "an account that was never imported (40003)",
      { From_Account: "ghost", ProfileItem: [{ Tag: "Tag_Profile_IM_Nick", Value: "x" }] },
      40003,
    ],
    ["a tag that does not exist (40009)", { From_Account: "alice", ProfileItem: [{ Tag: "Tag_Profile_IM_Mood", Value: "x" }] }, 40009],
    [
      "a custom tag keyword over 8 letters (40009)",
      { From_Account: "alice", ProfileItem: [{ Tag: "Tag_Profile_Custom_Department", Value: "x" }] },
      40009,
    ],
    [
      "a value over 500 bytes (40601)",
      { From_Account: "alice", ProfileItem: [{ Tag: "Tag_Profile_IM_Nick", Value: "n".repeat(501) }] },
      40601,
    ],
    [
      "a location over 16 bytes (40601)",
      { From_Account: "alice", ProfileItem: [{ Tag: "Tag_Profile_IM_Location", Value: "l".repeat(17) }] },
      40601,
    ],
    [
      "a gender that is not a documented value (40605)",
      { From_Account: "alice", ProfileItem: [{ Tag: "Tag_Profile_IM_Gender", Value: "M" }] },
      40605,
    ],
    ["text for an integer tag (40610)", { From_Account: "alice", ProfileItem: [{ Tag: "Tag_Profile_IM_Level", Value: "7" }] }, 40610],
    [
      "a number for a text tag (40610)",
      {
        From_Account: "alice",
        ProfileItem: [
          { Tag: "Tag_Profile_IM_Nick", Value: 1 },
          { Tag: "Tag_Profile_IM_Image", Value: "https://changed" },
        ],
      },
      40610,
    ],
    ["more than 100 accounts to read (40001)", null, 40001],
  ];
  for (const [rule, body, code] of rejects) {
    it(`refuses ${rule}`, async () => {
      const before = structuredClone(emulator.get().store.state.accounts);
      const json =
        body === null
          ? await call("portrait_get", { To_Account: Array.from({ length: 101 }, (_, i) => `u${i}`), TagList: ["Tag_Profile_IM_Nick"] })
          : await call("portrait_set", body);
      expect(json.ErrorCode).to.equal(code);
      expect(emulator.get().store.state.accounts).to.deep.equal(before);
    });
  }
});
