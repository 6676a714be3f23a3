import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../../emulator/server";
import { type EmulatorState, type GroupMessageRecord, EmulatorState as StateSchema } from "../../../emulator/store";
import { COMMANDS } from "../../../provider/api/endpoints";
import { rawCall } from "../../helpers/emulator";
import { type SeedGroup, seedAccounts, seedGroup, type SeedGroupType, seedMember } from "../../helpers/seed";
import { groupHistory, text } from "../message-fixtures";

/**
 * Message history in the emulator: import_group_msg, group_msg_get_simple, importmsg, admin_getroammsg, and what
 * they change elsewhere (get_group_info, unread counts, set_unread_msg_num), each rule as Tencent's pages state it
 * (https://trtc.io/document/34968, 35014, 34971, https://trtc.io/zh/document/35478) and each choice as the README's
 * table makes it, in --strict and --loose.
 */

const NOW = 1_700_000_000;
const CREATED = 1_600_000_000;
/** A send time well inside the groups' lives. */
const T = CREATED + 10_000;
const DAY = 86_400;

type Json = Record<string, unknown>;
type Result = { MsgSeq: number; MsgTime: number; Result: number };

function seed(): EmulatorState {
  const member = (account: string, role: "Owner" | "Admin" | "Member", unreadMsgNum = 0) =>
    seedMember(account, CREATED + 1, { role, unreadMsgNum });
  const group = (groupId: string, type: SeedGroupType, extra: Partial<SeedGroup> = {}) =>
    seedGroup(groupId, CREATED, "owner", {
      type,
      members: { owner: member("owner", "Owner"), alice: member("alice", "Member") },
      ...extra,
    });
  return {
    accounts: seedAccounts(["owner", "alice", "bob", "carol"]),
    groups: {
      pub: group("pub", "Public"),
      other: group("other", "Private"),
      room: group("room", "ChatRoom"),
      av: (({ ownerAccount: _, ...rest }) => rest)(group("av", "AVChatRoom", { members: {}, maxMemberCount: 0 })),
      "@TGS#_comm": group("@TGS#_comm", "Community", { maxMemberCount: 100_000 }),
    },
    idCounter: 0,
  };
}

/** One emulator for a suite, its state set back to {@link seed} (or `state`) before each test. */
function suite(options: EmulatorOptions = {}, state: () => EmulatorState = seed) {
  let emulator: RunningEmulator | undefined;
  before(async () => {
    emulator = await startEmulator({ now: () => NOW, rateLimits: false, ...options });
  });
  beforeEach(() => {
    emulator!.store.state = StateSchema.parse(state());
    emulator!.faults.configure({ rules: [] });
  });
  after(async () => emulator?.close());
  const get = () => emulator!;
  const call = (command: string, body: unknown) => rawCall(get(), command, body).then((answer) => answer.json);
  const importGroupMsg = async (groupId: string, messages: Json[], extra: Json = {}) => {
    const json = await call("import_group_msg", { GroupId: groupId, MsgList: messages, ...extra });
    return json;
  };
  const results = async (groupId: string, messages: Json[]) =>
    ((await importGroupMsg(groupId, messages)).ImportMsgResult as Result[]).map((r) => r.Result);
  const stored = (groupId: string): readonly GroupMessageRecord[] => get().store.state.groupMessages?.[groupId] ?? [];
  return { get, call, importGroupMsg, results, stored };
}

/** One message of an import_group_msg call. */
function msg(SendTime: number, from = "alice", body: unknown = text(`at ${SendTime}`), extra: Json = {}): Json {
  return { From_Account: from, SendTime, MsgBody: body, ...extra };
}

/** A text element whose MsgBody JSON is exactly `bytes` bytes long (ASCII text). */
function bodyOfBytes(bytes: number): unknown {
  const empty = Buffer.byteLength(JSON.stringify(text("")));
  return text("x".repeat(bytes - empty));
}

describe("import_group_msg (https://trtc.io/document/34968)", () => {
  const { get, call, importGroupMsg, results, stored } = suite();

  it("numbers a group's messages from 1, answers ImportMsgResult per message, and stores sender, MsgSeq, MsgRandom, time and body", async () => {
    const answer = await importGroupMsg("pub", [msg(T, "alice", text("hi"), { Random: 42 }), msg(T + 1, "bob"), msg(T + 2, "owner")]);
    expect(answer).to.include({ ActionStatus: "OK", ErrorCode: 0 });
    expect(answer.ImportMsgResult).to.deep.equal([
      { MsgSeq: 1, MsgTime: T, Result: 0 },
      { MsgSeq: 2, MsgTime: T + 1, Result: 0 },
      { MsgSeq: 3, MsgTime: T + 2, Result: 0 },
    ]);
    const [first, second] = stored("pub");
    expect(first).to.deep.equal({ fromAccount: "alice", msgSeq: 1, msgRandom: 42, msgTimeStamp: T, msgBody: text("hi") });
    // Without Random the service picks one: a 32-bit unsigned integer.
    expect(second!.msgRandom).to.be.a("number").within(0, 4_294_967_295);
    // Each group has its own numbering.
    expect(((await importGroupMsg("other", [msg(T)])).ImportMsgResult as Result[])[0]!.MsgSeq).to.equal(1);
    expect(((await importGroupMsg("pub", [msg(T + 3)])).ImportMsgResult as Result[])[0]!.MsgSeq).to.equal(4);
  });

  it("takes at most 7 messages per call: 8 (or none) fail the whole call with 10004 and store nothing", async () => {
    const eight = Array.from({ length: 8 }, (_, i) => msg(T + i));
    expect(await importGroupMsg("pub", eight)).to.include({ ActionStatus: "FAIL", ErrorCode: 10004 });
    expect(await importGroupMsg("pub", [])).to.include({ ActionStatus: "FAIL", ErrorCode: 10004 });
    expect(stored("pub")).to.have.length(0);
    expect(await results("pub", eight.slice(0, 7))).to.deep.equal([0, 0, 0, 0, 0, 0, 0]);
    expect(stored("pub")).to.have.length(7);
  });

  it("--strict: messages of a call in ascending SendTime; one before an earlier one of the call fails alone (10004) and takes no MsgSeq", async () => {
    const answer = (await importGroupMsg("pub", [msg(T + 2), msg(T + 1), msg(T + 3)])).ImportMsgResult as Result[];
    expect(answer.map((r) => r.Result)).to.deep.equal([0, 10004, 0]);
    expect(answer.map((r) => r.MsgSeq)).to.deep.equal([1, 0, 2]);
    expect(stored("pub").map((m) => m.msgTimeStamp)).to.deep.equal([T + 2, T + 3]);
  });

  it("a message before an earlier one of its call fails (10004) even when that one failed for another reason", async () => {
    expect(await results("pub", [msg(T + 2, "alice", bodyOfBytes(9000)), msg(T + 1), msg(T + 3)])).to.deep.equal([80002, 10004, 0]);
  });

  it("--strict: two messages of one call in the same second: the second fails (ascending is strictly later)", async () => {
    expect(await results("pub", [msg(T), msg(T)])).to.deep.equal([0, 10004]);
    expect(stored("pub")).to.have.length(1);
  });

  it("--strict: a message not later than the group's newest fails (10004): same second, or earlier; later is stored", async () => {
    await results("pub", [msg(T)]);
    expect(await results("pub", [msg(T), msg(T - 1)])).to.deep.equal([10004, 10004]);
    expect(await results("pub", [msg(T + 1)])).to.deep.equal([0]);
    expect(stored("pub").map((m) => [m.msgSeq, m.msgTimeStamp])).to.deep.equal([
      [1, T],
      [2, T + 1],
    ]);
  });

  it("--strict: a message must be later than the group's creation (the same second fails) and earlier than now", async () => {
    expect(await results("pub", [msg(CREATED - 1)])).to.deep.equal([10004]);
    expect(await results("pub", [msg(CREATED)])).to.deep.equal([10004]);
    expect(await results("other", [msg(CREATED + 1)])).to.deep.equal([0]);
    expect(await results("room", [msg(NOW), msg(NOW + 60)])).to.deep.equal([10004, 10004]);
    expect(await results("room", [msg(NOW - 1)])).to.deep.equal([0]);
  });

  it("counts a body as the UTF-8 bytes of its MsgBody JSON: 8,000 pass, 8,001 fail with 80002, for that message alone", async () => {
    const cjk = text("中".repeat(2667)); // 8,001 bytes of text alone: over
    expect(
      await results("pub", [
        msg(T, "alice", bodyOfBytes(8000)),
        msg(T + 1, "alice", bodyOfBytes(8001)),
        msg(T + 2, "alice", cjk),
        msg(T + 3),
      ]),
    ).to.deep.equal([0, 80002, 80002, 0]);
    expect(stored("pub").map((m) => m.msgTimeStamp)).to.deep.equal([T, T + 3]);
  });

  it("refuses a message holding a blocked word (80001, for that message alone); the list is empty by default and set at /__emulator/blocked-words", async () => {
    expect(await results("pub", [msg(T, "alice", text("some Forbidden words"))])).to.deep.equal([0]);
    const put = await fetch(`${get().url}/__emulator/blocked-words`, {
      method: "PUT",
      body: JSON.stringify({ words: ["forbidden", "spam"] }),
    });
    expect(put.status).to.equal(200);
    try {
      expect(await (await fetch(`${get().url}/__emulator/blocked-words`)).json()).to.deep.equal({ words: ["forbidden", "spam"] });
      const custom = [{ MsgType: "TIMCustomElem", MsgContent: { Data: "{}", Desc: "SPAM offer" } }];
      expect(await results("pub", [msg(T + 1, "alice", text("FORBIDDEN")), msg(T + 2), msg(T + 3, "bob", custom)])).to.deep.equal([
        80001, 0, 80001,
      ]);
      expect(stored("pub")).to.have.length(2);
    } finally {
      await fetch(`${get().url}/__emulator/blocked-words`, { method: "PUT", body: JSON.stringify({ words: [] }) });
    }
    expect(await results("pub", [msg(T + 4, "alice", text("forbidden"))])).to.deep.equal([0]);
  });

  it("a sender who is no imported account fails the whole call with 10019, and nothing of it is stored", async () => {
    expect(await importGroupMsg("pub", [msg(T), msg(T + 1, "ghost")])).to.include({ ActionStatus: "FAIL", ErrorCode: 10019 });
    expect(stored("pub")).to.have.length(0);
    // A sender need not be a member: history keeps people who left.
    expect(await results("pub", [msg(T, "carol")])).to.deep.equal([0]);
  });

  it("answers 10010 for a group that does not exist, 10007 for an AVChatRoom, 10004 for TopicId and for RecentContactFlag on a Community", async () => {
    expect(await importGroupMsg("nope", [msg(T)])).to.include({ ErrorCode: 10010 });
    expect(await importGroupMsg("av", [msg(T)])).to.include({ ErrorCode: 10007 });
    expect(await importGroupMsg("@TGS#_comm", [msg(T)], { TopicId: "@TGS#_comm@TOPIC#_t" })).to.include({ ErrorCode: 10004 });
    expect(await importGroupMsg("@TGS#_comm", [msg(T)], { RecentContactFlag: 1 })).to.include({ ErrorCode: 10004 });
    expect(await importGroupMsg("pub", [msg(T)], { RecentContactFlag: 1 })).to.include({ ActionStatus: "OK" });
    expect(await importGroupMsg("@TGS#_comm", [msg(T)])).to.include({ ActionStatus: "OK" });
  });

  it("takes every documented element (media by URL) and stores the body as given; refuses others, missing required fields and two TIMCustomElem", async () => {
    const media = [
      { MsgType: "TIMTextElem", MsgContent: { Text: "look" } },
      { MsgType: "TIMFaceElem", MsgContent: { Index: 6, Data: "abc\u0000\u0001" } },
      { MsgType: "TIMLocationElem", MsgContent: { Desc: "here", Latitude: 29.34, Longitude: 116.77 } },
      {
        MsgType: "TIMImageElem",
        MsgContent: {
          UUID: "img1",
          ImageFormat: 1,
          ImageInfoArray: [{ Type: 1, Size: 10, Width: 20, Height: 30, URL: "https://x/i.jpg" }],
        },
      },
      { MsgType: "TIMFileElem", MsgContent: { Url: "https://x/f.pdf", UUID: "f1", FileSize: 9, FileName: "f.pdf", Download_Flag: 2 } },
      { MsgType: "TIMSoundElem", MsgContent: { Url: "https://x/s.mp3", UUID: "s1", Size: 5, Second: 2, Download_Flag: 2 } },
      {
        MsgType: "TIMVideoFileElem",
        MsgContent: {
          VideoUrl: "https://x/v.mp4",
          VideoUUID: "v1",
          VideoSize: 100,
          VideoSecond: 5,
          VideoFormat: "mp4",
          VideoDownloadFlag: 2,
          ThumbUrl: "https://x/t.jpg",
          ThumbUUID: "t1",
          ThumbSize: 10,
          ThumbWidth: 720,
          ThumbHeight: 1280,
          ThumbFormat: "JPG",
          ThumbDownloadFlag: 2,
        },
      },
      { MsgType: "TIMCustomElem", MsgContent: { Data: "d", Desc: "e", Ext: "f", Sound: "g" } },
    ];
    expect(await results("pub", [msg(T, "alice", media)])).to.deep.equal([0]);
    expect(stored("pub")[0]!.msgBody).to.deep.equal(media);
    const bad = [
      [{ MsgType: "TIMRelayElem", MsgContent: { Title: "t" } }],
      [{ MsgType: "TIMFileElem", MsgContent: { Url: "https://x/f", FileName: "f", Download_Flag: 2 } }],
      [{ MsgType: "TIMFileElem", MsgContent: { Url: "https://x/f", UUID: "u", Download_Flag: 1 } }],
      [{ MsgType: "TIMTextElem", MsgContent: { Text: "t", Extra: 1 } }],
      [
        { MsgType: "TIMCustomElem", MsgContent: { Data: "1" } },
        { MsgType: "TIMCustomElem", MsgContent: { Data: "2" } },
      ],
      [],
    ];
    for (const body of bad) {
      expect(await importGroupMsg("pub", [msg(T + 1, "alice", body)]), JSON.stringify(body)).to.include({
        ActionStatus: "FAIL",
        ErrorCode: 10004,
      });
    }
    expect(stored("pub")).to.have.length(1);
  });

  it('sets every member\'s unread count to 0 when it stores a message ("import members, or set counts, after the messages")', async () => {
    const group = () => get().store.state.groups.pub!;
    await results(
      "pub",
      Array.from({ length: 5 }, (_, i) => msg(T + i)),
    );
    expect(await call("set_unread_msg_num", { GroupId: "pub", Member_Account: "alice", UnreadMsgNum: 4 })).to.include({
      ActionStatus: "OK",
    });
    expect(group().members.alice!.unreadMsgNum).to.equal(4);
    // A call that stores nothing changes no count.
    expect(await results("pub", [msg(T)])).to.deep.equal([10004]);
    expect(group().members.alice!.unreadMsgNum).to.equal(4);
    expect(await results("pub", [msg(T + 10)])).to.deep.equal([0]);
    expect(group().members.alice!.unreadMsgNum).to.equal(0);
    // A count set after an import (by import_group_member, or set_unread_msg_num) is cleared by the next import.
    await call("import_group_member", { GroupId: "pub", MemberList: [{ Member_Account: "bob", UnreadMsgNum: 3 }] });
    expect(group().members.bob!.unreadMsgNum).to.equal(3);
    await results("pub", [msg(T + 11)]);
    expect(group().members.bob!.unreadMsgNum).to.equal(0);
    await call("set_unread_msg_num", { GroupId: "pub", Member_Account: "alice", UnreadMsgNum: 2 });
    expect(group().members.alice!.unreadMsgNum).to.equal(2);
    await results("pub", [msg(T + 12)]);
    expect(group().members.alice!.unreadMsgNum).to.equal(0);
  });

  it("get_group_info reports NextMsgSeq and LastMsgTime from the stored messages (1 and 0 before the first)", async () => {
    const info = async () =>
      (
        (await call("get_group_info", { GroupIdList: ["pub"], ResponseFilter: { GroupBaseInfoFilter: ["NextMsgSeq", "LastMsgTime"] } }))
          .GroupInfo as Json[]
      )[0];
    expect(await info()).to.include({ NextMsgSeq: 1, LastMsgTime: 0 });
    await results("pub", [msg(T), msg(T + 5), msg(T + 1)]);
    expect(await info()).to.include({ NextMsgSeq: 3, LastMsgTime: T + 5 });
  });

  it("--strict: keeps no de-duplication, but a batch sent again after a lost answer fails the time rule (10004) and is not stored twice", async () => {
    const batch = [msg(T, "alice", text("a"), { Random: 1 }), msg(T + 1, "bob", text("b"), { Random: 2 })];
    expect(await results("pub", batch)).to.deep.equal([0, 0]);
    expect(await results("pub", batch)).to.deep.equal([10004, 10004]);
    expect(stored("pub")).to.have.length(2);
  });

  it("destroy_group takes the group's messages with it: a group imported again under the ID starts at MsgSeq 1", async () => {
    await results("pub", [msg(T)]);
    await call("destroy_group", { GroupId: "pub" });
    expect(get().store.state.groupMessages).to.not.have.own.property("pub");
    await call("import_group", { Type: "Public", Name: "again", GroupId: "pub", CreateTime: CREATED });
    expect(((await importGroupMsg("pub", [msg(T)])).ImportMsgResult as Result[])[0]!.MsgSeq).to.equal(1);
  });
});

describe("import_group_msg --loose (README: the emulator's choices)", () => {
  const { importGroupMsg, results, stored } = suite({ strict: false, blockedWords: ["Spam"], limits: { groupMessageBatch: 20 } });

  it("takes the equal second: within a call, after the group's newest message, at the creation and now", async () => {
    expect(await results("pub", [msg(T), msg(T)])).to.deep.equal([0, 0]);
    expect(await results("pub", [msg(T), msg(T - 1)])).to.deep.equal([0, 10004]);
    expect(await results("other", [msg(CREATED), msg(NOW)])).to.deep.equal([0, 0]);
    expect(await results("room", [msg(NOW + 1)])).to.deep.equal([10004]);
  });

  it("stores a batch sent twice twice where its times allow: nothing is de-duplicated (what an importer must survive)", async () => {
    const batch = [msg(T, "alice", text("same"), { Random: 7 })];
    expect(await results("pub", batch)).to.deep.equal([0]);
    expect(await results("pub", batch)).to.deep.equal([0]);
    expect(stored("pub").map((m) => [m.msgSeq, m.msgRandom, m.msgTimeStamp])).to.deep.equal([
      [1, 7, T],
      [2, 7, T],
    ]);
  });

  it("takes bodies up to 12,000 bytes (the older intl page's figure), RecentContactFlag on a Community, and the batch limit set by limits.groupMessageBatch", async () => {
    expect(await results("pub", [msg(T, "alice", bodyOfBytes(12_000)), msg(T + 1, "alice", bodyOfBytes(12_001))])).to.deep.equal([
      0, 80002,
    ]);
    expect(await importGroupMsg("@TGS#_comm", [msg(T)], { RecentContactFlag: 1 })).to.include({ ActionStatus: "OK" });
    expect(
      await results(
        "other",
        Array.from({ length: 20 }, (_, i) => msg(T + i)),
      ),
    ).to.have.length(20);
    expect(
      await importGroupMsg(
        "other",
        Array.from({ length: 21 }, (_, i) => msg(T + 100 + i)),
      ),
    ).to.include({ ErrorCode: 10004 });
  });

  it("takes the blocked words given as an option (blockedWords / --blocked-word)", async () => {
    expect(await results("pub", [msg(T, "alice", text("no spam please"))])).to.deep.equal([80001]);
  });
});

describe("group_msg_get_simple (https://trtc.io/document/34971)", () => {
  const state = () => {
    const s = seed();
    s.groupMessages = { pub: groupHistory(45, { from: "alice", start: T }) };
    return s;
  };
  const { call } = suite({}, state);
  const get = (body: Json) => call("group_msg_get_simple", { GroupId: "pub", ...body });
  const seqs = (answer: Json) => (answer.RspMsgList as Json[]).map((m) => m.MsgSeq);

  it("pages newest first from the newest, with the smallest MsgSeq minus 1, down to the oldest: every message once", async () => {
    const seen: unknown[] = [];
    let answer = await get({ ReqMsgNumber: 20 });
    expect(seqs(answer).slice(0, 3)).to.deep.equal([45, 44, 43]);
    expect(answer).to.include({ GroupId: "pub", IsFinished: 1 });
    expect((answer.RspMsgList as Json[])[0]).to.deep.equal({
      From_Account: "alice",
      IsPlaceMsg: 0,
      MsgBody: text("message 45"),
      MsgRandom: 1044,
      MsgSeq: 45,
      MsgTimeStamp: T + 44,
    });
    for (;;) {
      const page = seqs(answer) as number[];
      seen.push(...page);
      const smallest = page.at(-1)!;
      if (smallest === 1) break;
      answer = await get({ ReqMsgNumber: 20, ReqMsgSeq: smallest - 1 });
    }
    expect(seen).to.deep.equal(Array.from({ length: 45 }, (_, i) => 45 - i));
    // The last page asked for 20 and got the 5 that exist: all of the range, IsFinished 1.
    expect(answer.IsFinished).to.equal(1);
  });

  it("IsFinished says whether all requested messages came back: 0 when more than 20 are asked, 1 when fewer exist", async () => {
    const many = await get({ ReqMsgNumber: 30 });
    expect(seqs(many)).to.have.length(20);
    expect(many.IsFinished).to.equal(0);
    const few = await get({ ReqMsgNumber: 30, ReqMsgSeq: 10 });
    expect(seqs(few)).to.deep.equal([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(few.IsFinished).to.equal(1);
    expect(seqs(await get({ ReqMsgNumber: 3, ReqMsgSeq: 1000 }))).to.deep.equal([45, 44, 43]);
  });

  it("answers an empty list for a group without messages, 10004 for ReqMsgNumber below 1 and (--strict) ReqMsgSeq below 1, 10007 for an AVChatRoom, 10010 for no group", async () => {
    expect(await call("group_msg_get_simple", { GroupId: "other", ReqMsgNumber: 20 })).to.deep.include({ RspMsgList: [], IsFinished: 1 });
    expect(await get({ ReqMsgNumber: 0 })).to.include({ ErrorCode: 10004 });
    expect(await get({ ReqMsgNumber: 20, ReqMsgSeq: 0 })).to.include({ ErrorCode: 10004 });
    expect(await call("group_msg_get_simple", { GroupId: "av", ReqMsgNumber: 20 })).to.include({ ErrorCode: 10007 });
    expect(await call("group_msg_get_simple", { GroupId: "nope", ReqMsgNumber: 20 })).to.include({ ErrorCode: 10010 });
    expect(await get({ ReqMsgNumber: 20, Extra: 1 })).to.include({ ErrorCode: 10004 });
  });
});

describe("group_msg_get_simple: the 1 MB answer and expired history", () => {
  const big = (count: number, bytes: number, start: number): GroupMessageRecord[] =>
    groupHistory(count, { start }).map((m) => ({ ...m, msgBody: text("y".repeat(bytes)) }));
  const state = () => {
    const s = seed();
    // Bodies this large come only from a state import (imports stop at 8,000 bytes): 20 x 100 KB is 2 MB.
    const daily = groupHistory(30).map((m, i) => ({ ...m, msgTimeStamp: NOW - (30 - i) * DAY + 60 }));
    s.groupMessages = { pub: big(20, 100_000, NOW - 100), room: daily };
    return s;
  };
  const { call } = suite({ historyRetentionDays: 7 }, state);

  it("leaves the oldest out of an answer that would pass 1 MB (IsFinished 0) instead of failing it", async () => {
    const json = await call("group_msg_get_simple", { GroupId: "pub", ReqMsgNumber: 20 });
    const list = json.RspMsgList as Json[];
    expect(list.length).to.be.within(1, 10);
    expect(list[0]!.MsgSeq).to.equal(20);
    expect(json.IsFinished).to.equal(0);
    expect(Buffer.byteLength(JSON.stringify(json))).to.be.at.most(1024 * 1024);
  });

  it("answers messages past the retention as placeholders (IsPlaceMsg 1, empty MsgBody); IsFinished 2 when cut short and all returned are expired", async () => {
    const json = await call("group_msg_get_simple", { GroupId: "room", ReqMsgNumber: 30 });
    const list = json.RspMsgList as Json[];
    expect(list).to.have.length(20);
    // Messages are a day apart, the newest a day old: the 7 of the last 7 days are kept, older ones are placeholders.
    const kept = list.filter((m) => m.IsPlaceMsg === 0);
    expect(kept.map((m) => m.MsgSeq)).to.deep.equal([30, 29, 28, 27, 26, 25, 24]);
    expect(list.find((m) => m.MsgSeq === 23)).to.deep.include({ IsPlaceMsg: 1, MsgBody: [] });
    expect(json.IsFinished).to.equal(0);
    const old = await call("group_msg_get_simple", { GroupId: "room", ReqMsgNumber: 25, ReqMsgSeq: 22 });
    expect(old.IsFinished).to.equal(2);
  });
});

describe("importmsg (https://trtc.io/document/35014)", () => {
  const { get, call } = suite();
  const one = (extra: Json = {}) => ({
    SyncFromOldSystem: 2,
    From_Account: "alice",
    To_Account: "bob",
    MsgSeq: 1,
    MsgRandom: 100,
    MsgTimeStamp: T,
    MsgBody: text("hello"),
    ...extra,
  });
  const conversation = () => get().store.state.c2cMessages?.alice?.bob ?? [];

  it("stores one message per call under the pair of accounts, with CloudCustomData; SyncFromOldSystem 2 or 5", async () => {
    expect(await call("importmsg", one({ CloudCustomData: "meta" }))).to.deep.equal({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 });
    expect(
      await call("importmsg", one({ SyncFromOldSystem: 5, From_Account: "bob", To_Account: "alice", MsgSeq: 2, MsgTimeStamp: T + 1 })),
    ).to.include({
      ActionStatus: "OK",
    });
    expect(conversation()).to.deep.equal([
      {
        fromAccount: "alice",
        toAccount: "bob",
        msgSeq: 1,
        msgRandom: 100,
        msgTimeStamp: T,
        msgBody: text("hello"),
        cloudCustomData: "meta",
      },
      { fromAccount: "bob", toAccount: "alice", msgSeq: 2, msgRandom: 100, msgTimeStamp: T + 1, msgBody: text("hello") },
    ]);
  });

  const refusals: [string, Json, number][] = [
    ["SyncFromOldSystem 3", one({ SyncFromOldSystem: 3 }), 90030],
    ["no SyncFromOldSystem", one({ SyncFromOldSystem: undefined }), 90030],
    ["a sender never imported", one({ From_Account: "ghost" }), 90008],
    ["a recipient never imported", one({ To_Account: "ghost" }), 90012],
    ["no To_Account", one({ To_Account: undefined }), 90003],
    ["no MsgRandom", one({ MsgRandom: undefined }), 90005],
    ["a MsgRandom over 32 bits", one({ MsgRandom: 2 ** 32 }), 90005],
    ["no MsgTimeStamp", one({ MsgTimeStamp: undefined }), 90006],
    ["a MsgBody that is no array", one({ MsgBody: { MsgType: "TIMTextElem" } }), 90007],
    ["an element of no documented type", one({ MsgBody: [{ MsgType: "TIMNope", MsgContent: {} }] }), 90002],
    ["a field no page documents", one({ Priority: 1 }), 90010],
    ["a JSON request over 12 KB", one({ MsgBody: text("z".repeat(12 * 1024)) }), 93000],
  ];
  for (const [what, body, code] of refusals) {
    it(`answers ${code} for ${what}, and stores nothing`, async () => {
      expect(await call("importmsg", body)).to.include({ ActionStatus: "FAIL", ErrorCode: code });
      expect(get().store.state.c2cMessages).to.equal(undefined);
    });
  }

  it("--strict: equal MsgSeq, MsgRandom and MsgTimeStamp in one conversation is one message, whatever the content or direction: the first import wins, the call answers OK", async () => {
    await call("importmsg", one());
    expect(await call("importmsg", one({ MsgBody: text("changed") }))).to.include({ ActionStatus: "OK" });
    expect(await call("importmsg", one({ From_Account: "bob", To_Account: "alice" }))).to.include({ ActionStatus: "OK" });
    expect(conversation()).to.have.length(1);
    expect(conversation()[0]!.msgBody).to.deep.equal(text("hello"));
    // Any one of the three differing is another message; so is another conversation.
    await call("importmsg", one({ MsgRandom: 101 }));
    await call("importmsg", one({ MsgSeq: 2 }));
    await call("importmsg", one({ MsgTimeStamp: T + 1 }));
    await call("importmsg", one({ To_Account: "carol" }));
    expect(conversation()).to.have.length(4);
    expect(get().store.state.c2cMessages?.alice?.carol).to.have.length(1);
  });

  it("keeps a conversation by time, then MsgSeq within one second; equal ones in import order", async () => {
    await call("importmsg", one({ MsgSeq: 9, MsgTimeStamp: T + 5, MsgBody: text("late") }));
    await call("importmsg", one({ MsgSeq: 7, MsgTimeStamp: T, MsgBody: text("second") }));
    await call("importmsg", one({ MsgSeq: 3, MsgTimeStamp: T, MsgBody: text("first"), From_Account: "bob", To_Account: "alice" }));
    await call("importmsg", one({ MsgSeq: 7, MsgRandom: 5, MsgTimeStamp: T, MsgBody: text("third") }));
    await call("importmsg", one({ MsgSeq: 1, MsgTimeStamp: T - 5, MsgBody: text("earliest") }));
    const texts = conversation().map((m) => (m.msgBody[0]!.MsgContent as { Text: string }).Text);
    expect(texts).to.deep.equal(["earliest", "first", "second", "third", "late"]);
  });

  it("without MsgSeq picks one per import: a message sent twice without one is stored twice", async () => {
    await call("importmsg", one({ MsgSeq: undefined }));
    await call("importmsg", one({ MsgSeq: undefined }));
    expect(conversation()).to.have.length(2);
    expect(conversation()[0]!.msgSeq).to.not.equal(conversation()[1]!.msgSeq);
  });
});

describe("importmsg --loose: the older English page's duplicate key (From_Account, To_Account, MsgRandom, MsgTimeStamp)", () => {
  const { get, call } = suite({ strict: false });
  const one = (extra: Json = {}) => ({
    SyncFromOldSystem: 2,
    From_Account: "alice",
    To_Account: "bob",
    MsgSeq: 1,
    MsgRandom: 100,
    MsgTimeStamp: T,
    MsgBody: text("hello"),
    ...extra,
  });

  it("admin_getroammsg never splits messages of one MsgKey (possible here, one per direction) over two pages", async () => {
    const base = { SyncFromOldSystem: 2, MsgSeq: 1, MsgRandom: 1, MsgBody: text("k") };
    await call("importmsg", { ...base, From_Account: "alice", To_Account: "bob", MsgSeq: 9, MsgTimeStamp: T - 1 });
    await call("importmsg", { ...base, From_Account: "alice", To_Account: "bob", MsgTimeStamp: T });
    await call("importmsg", { ...base, From_Account: "bob", To_Account: "alice", MsgTimeStamp: T });
    const roam = (extra: Json) =>
      call("admin_getroammsg", { Operator_Account: "alice", Peer_Account: "bob", MaxCnt: 1, MinTime: 0, MaxTime: NOW, ...extra });
    const first = await roam({});
    expect((first.MsgList as Json[]).map((m) => m.From_Account)).to.deep.equal(["alice", "bob"]);
    const rest = await roam({ MaxTime: first.LastMsgTime, LastMsgKey: first.LastMsgKey });
    expect((rest.MsgList as Json[]).map((m) => m.MsgSeq)).to.deep.equal([9]);
    expect(rest.Complete).to.equal(1);
  });

  it("a different MsgSeq is the same message; the same MsgSeq with the direction swapped is another", async () => {
    await call("importmsg", one());
    await call("importmsg", one({ MsgSeq: 2 }));
    expect(get().store.state.c2cMessages?.alice?.bob).to.have.length(1);
    await call("importmsg", one({ From_Account: "bob", To_Account: "alice" }));
    expect(get().store.state.c2cMessages?.alice?.bob).to.have.length(2);
  });
});

describe("admin_getroammsg (https://trtc.io/zh/document/35478)", () => {
  const { call } = suite({});
  /** 40 messages of about 1 KB, three to a second, alternating direction; returns them in conversation order. */
  const fill = async () => {
    for (let i = 0; i < 40; i += 1) {
      const answer = await call("importmsg", {
        SyncFromOldSystem: 2,
        From_Account: i % 2 ? "bob" : "alice",
        To_Account: i % 2 ? "alice" : "bob",
        MsgSeq: i,
        MsgRandom: 500 + i,
        MsgTimeStamp: T + Math.floor(i / 3),
        MsgBody: text(`${i} ${"w".repeat(1000)}`),
        ...(i === 0 ? { CloudCustomData: "cc" } : {}),
      });
      expect(answer.ActionStatus).to.equal("OK");
    }
  };
  const roam = (body: Json) =>
    call("admin_getroammsg", { Operator_Account: "bob", Peer_Account: "alice", MaxCnt: 100, MinTime: 0, MaxTime: NOW, ...body });

  it("pages by size (about 13 KB of messages), newest pages first and each page oldest first, continuing with MaxTime = LastMsgTime and LastMsgKey until Complete", async () => {
    await fill();
    const pages: Json[][] = [];
    let request: Json = {};
    for (;;) {
      const answer = await roam(request);
      expect(answer.ActionStatus).to.equal("OK");
      const list = answer.MsgList as Json[];
      pages.push(list);
      expect(answer.MsgCnt).to.equal(list.length);
      expect(Buffer.byteLength(JSON.stringify(list)), "a page holds about 13 KB").to.be.at.most(13 * 1024 + 2 + list.length);
      const times = list.map((m) => m.MsgTimeStamp as number);
      expect(times, "a page lists its messages oldest first").to.deep.equal([...times].sort((a, b) => a - b));
      expect(answer.LastMsgTime).to.equal(list[0]!.MsgTimeStamp);
      expect(answer.LastMsgKey).to.equal(list[0]!.MsgKey);
      if (answer.Complete === 1) break;
      request = { MaxTime: answer.LastMsgTime, LastMsgKey: answer.LastMsgKey };
    }
    expect(pages.length).to.be.within(3, 5);
    const all = pages.reverse().flat();
    expect(all.map((m) => m.MsgSeq)).to.deep.equal(Array.from({ length: 40 }, (_, i) => i));
    expect(all[0]).to.deep.include({
      From_Account: "alice",
      To_Account: "bob",
      MsgRandom: 500,
      MsgTimeStamp: T,
      MsgFlagBits: 0,
      MsgKey: `0_500_${T}`,
      CloudCustomData: "cc",
    });
  });

  it("takes MaxCnt per page and MinTime/MaxTime both inclusive; the two sides read the same conversation", async () => {
    await fill();
    const page = await roam({ MaxCnt: 4, MinTime: T + 2, MaxTime: T + 5 });
    // Seconds T+2 to T+5 hold messages 6 to 17: the newest 4 come first.
    expect((page.MsgList as Json[]).map((m) => m.MsgSeq)).to.deep.equal([14, 15, 16, 17]);
    expect(page.Complete).to.equal(0);
    const rest = await roam({ MaxCnt: 100, MinTime: T + 2, MaxTime: page.LastMsgTime, LastMsgKey: page.LastMsgKey });
    expect((rest.MsgList as Json[]).map((m) => m.MsgSeq)).to.deep.equal([6, 7, 8, 9, 10, 11, 12, 13]);
    expect(rest.Complete).to.equal(1);
    const other = await call("admin_getroammsg", {
      Operator_Account: "alice",
      Peer_Account: "bob",
      MaxCnt: 4,
      MinTime: T + 2,
      MaxTime: T + 5,
    });
    expect(other.MsgList).to.deep.equal(page.MsgList);
  });

  it("answers an empty, complete page for a conversation without messages; 90008 / 90012 for accounts never imported, 90010 for a bad MaxCnt or LastMsgKey", async () => {
    expect(await roam({})).to.deep.include({ Complete: 1, MsgCnt: 0, MsgList: [], LastMsgKey: "" });
    expect(await roam({ Operator_Account: "ghost" })).to.include({ ErrorCode: 90008 });
    expect(await roam({ Peer_Account: "ghost" })).to.include({ ErrorCode: 90012 });
    expect(await roam({ MaxCnt: 0 })).to.include({ ErrorCode: 90010 });
    expect(await roam({ LastMsgKey: "1_2_3" })).to.include({ ErrorCode: 90010 });
    expect(await roam({ MinTime: undefined })).to.include({ ErrorCode: 90010 });
    expect(await roam({ Peer_Account: undefined })).to.include({ ErrorCode: 90003 });
  });
});

describe("admin_getroammsg: roaming retention (historyRetentionDays)", () => {
  const { call } = suite({ historyRetentionDays: 7 });

  it("leaves out messages older than the retention, counted from each message's time", async () => {
    for (const [seq, time] of [
      [1, NOW - 8 * DAY],
      [2, NOW - 6 * DAY],
    ] as const) {
      await call("importmsg", {
        SyncFromOldSystem: 2,
        From_Account: "alice",
        To_Account: "bob",
        MsgSeq: seq,
        MsgRandom: seq,
        MsgTimeStamp: time,
        MsgBody: text("m"),
      });
    }
    const answer = await call("admin_getroammsg", { Operator_Account: "alice", Peer_Account: "bob", MaxCnt: 10, MinTime: 0, MaxTime: NOW });
    expect((answer.MsgList as Json[]).map((m) => m.MsgSeq)).to.deep.equal([2]);
    expect(answer.Complete).to.equal(1);
  });
});

describe("set_unread_msg_num with message history (https://cloud.tencent.com/document/api/269/1637)", () => {
  const state = () => {
    const s = seed();
    s.groupMessages = { pub: groupHistory(3, { start: T }) };
    return s;
  };
  const { get, call } = suite({}, state);
  const members = (groupId: string) => get().store.state.groups[groupId]!.members;

  it("clamps a count to the group's stored messages (set_unread_msg_num and import_group_member alike)", async () => {
    await call("set_unread_msg_num", { GroupId: "pub", Member_Account: "alice", UnreadMsgNum: 10 });
    expect(members("pub").alice!.unreadMsgNum).to.equal(3);
    await call("import_group_member", { GroupId: "pub", MemberList: [{ Member_Account: "bob", UnreadMsgNum: 10 }] });
    expect(members("pub").bob!.unreadMsgNum).to.equal(3);
    await call("set_unread_msg_num", { GroupId: "other", Member_Account: "alice", UnreadMsgNum: 10 });
    expect(members("other").alice!.unreadMsgNum, "a group without messages").to.equal(0);
  });

  it('answers OK and changes nothing on a ChatRoom or an AVChatRoom ("no effect, but no error is returned")', async () => {
    for (const groupId of ["room", "av"]) {
      expect(await call("set_unread_msg_num", { GroupId: groupId, Member_Account: "alice", UnreadMsgNum: 1 }), groupId).to.include({
        ActionStatus: "OK",
      });
    }
    expect(members("room").alice!.unreadMsgNum).to.equal(0);
    expect(members("av")).to.deep.equal({});
    expect(await call("set_unread_msg_num", { GroupId: "nope", Member_Account: "alice", UnreadMsgNum: 1 })).to.include({
      ErrorCode: 10010,
    });
  });
});

describe("message history under faults and rate limits (applied by the server to every command alike)", () => {
  it("drop-after-apply on import_group_msg: the messages are stored once and the answer is lost; the same batch again fails the time rule", async () => {
    const emulator = await startEmulator({ now: () => NOW, seed: seed() });
    try {
      emulator.faults.configure({ rules: [{ command: "import_group_msg", times: 1, action: { type: "drop-after-apply" } }] });
      const batch = { GroupId: "pub", MsgList: [msg(T, "alice", text("1"), { Random: 1 }), msg(T + 1, "bob", text("2"), { Random: 2 })] };
      const lost = await rawCall(emulator, "import_group_msg", batch).then(
        () => "answered",
        () => "connection reset",
      );
      expect(lost).to.equal("connection reset");
      expect(emulator.store.state.groupMessages?.pub?.map((m) => m.msgSeq)).to.deep.equal([1, 2]);
      expect(Object.fromEntries(emulator.faults.injected)).to.deep.equal({ "import_group_msg:drop-after-apply": 1 });
      const again = (await rawCall(emulator, "import_group_msg", batch)).json;
      expect((again.ImportMsgResult as Result[]).map((r) => r.Result)).to.deep.equal([10004, 10004]);
      expect(emulator.store.state.groupMessages?.pub).to.have.length(2);
    } finally {
      await emulator.close();
    }
  });

  it("an injected error on importmsg answers its code without storing anything", async () => {
    const emulator = await startEmulator({ now: () => NOW, seed: seed() });
    try {
      emulator.faults.configure({ rules: [{ command: "importmsg", action: { type: "error", code: 10002 } }] });
      const body = { SyncFromOldSystem: 2, From_Account: "alice", To_Account: "bob", MsgRandom: 1, MsgTimeStamp: T, MsgBody: text("x") };
      expect((await rawCall(emulator, "importmsg", body)).json).to.include({ ActionStatus: "FAIL", ErrorCode: 10002 });
      expect(emulator.store.state.c2cMessages).to.equal(undefined);
    } finally {
      await emulator.close();
    }
  });

  it("answers calls over a history command's rate with HTTP 200 and 60007 (200 calls per second documented for each)", async () => {
    for (const command of ["import_group_msg", "group_msg_get_simple", "importmsg", "admin_getroammsg"] as const) {
      expect(COMMANDS[command].perSecond, command).to.equal(200);
    }
    const emulator = await startEmulator({ now: () => NOW, seed: seed(), rateLimits: { import_group_msg: 3, group_msg_get_simple: 3 } });
    try {
      // A bucket of 3 refilling at 3/s: of 10 at once, 3 pass plus one per 333 ms the burst took (as server.spec).
      const passedAtMost = (started: number) => Math.min(10, 3 + Math.ceil(((performance.now() - started) / 1000) * 3));
      let started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => rawCall(emulator, "import_group_msg", { GroupId: "pub", MsgList: [msg(T + i)] })),
      );
      expect(answers.every((a) => a.status === 200)).to.equal(true);
      const limited = answers.filter((a) => a.json.ErrorCode === 60007);
      expect(10 - limited.length)
        .to.be.at.least(3)
        .and.at.most(passedAtMost(started));
      // A refused call stores nothing: the messages stored are the calls that passed.
      expect(emulator.store.state.groupMessages?.pub?.length).to.be.at.most(10 - limited.length);
      expect(emulator.counters.get("import_group_msg")).to.include({ calls: 10, rateLimited: limited.length });
      started = performance.now();
      const reads = await Promise.all(
        Array.from({ length: 10 }, () => rawCall(emulator, "group_msg_get_simple", { GroupId: "pub", ReqMsgNumber: 1 })),
      );
      const readsLimited = reads.filter((a) => a.json.ErrorCode === 60007).length;
      expect(10 - readsLimited)
        .to.be.at.least(3)
        .and.at.most(passedAtMost(started));
    } finally {
      await emulator.close();
    }
  });
});

describe("message history in the emulator's state and admin interface", () => {
  it("keeps messages in the state file across a restart, imports them with PUT /state (in order only), and forgets them on reset", async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), "emu-history-")), "state.json");
    const first = await startEmulator({ now: () => NOW, seed: seed(), statePath });
    await rawCall(first, "import_group_msg", { GroupId: "pub", MsgList: [msg(T), msg(T + 1)] });
    await rawCall(first, "importmsg", {
      SyncFromOldSystem: 2,
      From_Account: "bob",
      To_Account: "alice",
      MsgRandom: 1,
      MsgSeq: 1,
      MsgTimeStamp: T,
      MsgBody: text("x"),
    });
    const before = first.store.snapshot();
    await first.close();
    const second = await startEmulator({ now: () => NOW, statePath });
    try {
      expect(second.store.snapshot()).to.deep.equal(before);
      expect(second.store.state.c2cMessages?.alice?.bob).to.have.length(1);
      const unordered = { ...before, groupMessages: { pub: [...before.groupMessages!.pub!].reverse() } };
      const refused = await fetch(`${second.url}/__emulator/state`, { method: "PUT", body: JSON.stringify(unordered) });
      expect(refused.status).to.equal(400);
      expect(((await refused.json()) as { error: string[] }).error.join()).to.match(/rising msgSeq/);
      const imported = { ...seed(), groupMessages: { other: groupHistory(3) } };
      expect((await fetch(`${second.url}/__emulator/state`, { method: "PUT", body: JSON.stringify(imported) })).status).to.equal(200);
      const next = (await rawCall(second, "import_group_msg", { GroupId: "other", MsgList: [msg(T)] })).json;
      expect((next.ImportMsgResult as Result[])[0]).to.include({ MsgSeq: 4, Result: 0 });
      await fetch(`${second.url}/__emulator/reset`, { method: "POST" });
      expect(second.store.state.groupMessages).to.equal(undefined);
      expect(second.store.state.c2cMessages).to.equal(undefined);
    } finally {
      await second.close();
    }
  });

  it("GET /overview counts messages without listing them; GET /messages pages a group's, newest first", async () => {
    const state = { ...seed(), groupMessages: { pub: groupHistory(120) } };
    const emulator = await startEmulator({ now: () => NOW, seed: state });
    try {
      await rawCall(emulator, "importmsg", {
        SyncFromOldSystem: 2,
        From_Account: "bob",
        To_Account: "alice",
        MsgRandom: 1,
        MsgTimeStamp: T,
        MsgBody: text("x"),
      });
      const overview = (await (await fetch(`${emulator.url}/__emulator/overview`)).json()) as Json;
      expect(overview.messageCounts).to.deep.equal({ groups: { pub: 120 }, conversations: 1, c2c: 1 });
      expect(overview).to.not.have.any.keys("groupMessages", "c2cMessages");
      const page = async (query: string) => (await (await fetch(`${emulator.url}/__emulator/messages?${query}`)).json()) as Json;
      const first = await page("group=pub");
      expect((first.messages as Json[]).map((m) => m.msgSeq)).to.deep.equal(Array.from({ length: 50 }, (_, i) => 120 - i));
      expect(first).to.include({ total: 120, next: 71 });
      const last = await page("group=pub&before=21&limit=50");
      expect((last.messages as Json[]).map((m) => m.msgSeq)).to.deep.equal(Array.from({ length: 20 }, (_, i) => 20 - i));
      expect(last.next).to.equal(0);
      expect((await fetch(`${emulator.url}/__emulator/messages?group=nope`)).status).to.equal(404);
      expect((await fetch(`${emulator.url}/__emulator/messages?group=pub&limit=0`)).status).to.equal(400);
    } finally {
      await emulator.close();
    }
  });
});
