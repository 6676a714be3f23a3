import { expect } from "chai";
import { EmulatorError } from "../../emulator/errors";
import { EmulatorStore, type EmulatorState, type GroupRecord, type MemberRecord } from "../../emulator/store";
import { ErrorCode } from "../../provider/api/error-codes";
import { ownValue } from "../../provider/own-keys";

const member = (account: string, role: MemberRecord["role"] = "Member"): MemberRecord => ({ account, role, joinTime: 1, unreadMsgNum: 0 });
const group = (groupId: string, members: MemberRecord[] = []): GroupRecord => ({
  groupId,
  type: "Public",
  name: groupId,
  createTime: 1,
  maxMemberCount: 200,
  supportTopic: false,
  appDefinedData: {},
  members: Object.fromEntries(members.map((m) => [m.account, m])),
  topics: {},
});

describe("emulator store", () => {
  it("keeps accounts by UserID: put replaces, has and account read, unknown ones are undefined", () => {
    const store = new EmulatorStore();
    expect(store.hasAccount("ann")).to.equal(false);
    expect(store.account("ann")).to.equal(undefined);
    store.putAccount({ userId: "ann", nick: "Ann" });
    store.putAccount({ userId: "ann", nick: "Anne" });
    expect(store.hasAccount("ann")).to.equal(true);
    expect(store.account("ann")).to.deep.equal({ userId: "ann", nick: "Anne" });
    expect(store.state.accounts).to.deep.equal({ ann: { userId: "ann", nick: "Anne" } });
  });

  it("takes IDs that name Object.prototype's properties (valid UserIDs and group IDs) as plain keys", () => {
    const store = new EmulatorStore();
    for (const id of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      expect(store.hasAccount(id), id).to.equal(false);
      expect(store.hasGroup(id), id).to.equal(false);
      expect(() => store.requireGroup(id), id).to.throw(EmulatorError);
    }
    store.putAccount({ userId: "__proto__", nick: "p" });
    store.putGroup(group("__proto__"));
    const stored = store.group("__proto__")!;
    store.putMember(stored, member("__proto__"));
    store.putTopic(stored, { topicId: "constructor", topicName: "t", createTime: 1 });
    expect(store.account("__proto__")).to.deep.equal({ userId: "__proto__", nick: "p" });
    expect(store.member(stored, "__proto__")).to.deep.equal(member("__proto__"));
    expect(store.member(stored, "constructor")).to.equal(undefined);
    expect(store.topic(stored, "toString")).to.equal(undefined);
    // Own keys, so the state's JSON (dump, save) holds them; the prototypes are untouched.
    const saved = JSON.parse(JSON.stringify(store.state)) as EmulatorState;
    expect(Object.keys(saved.accounts)).to.deep.equal(["__proto__"]);
    expect(Object.keys(ownValue(saved.groups, "__proto__")!.members)).to.deep.equal(["__proto__"]);
    expect(Object.keys(ownValue(saved.groups, "__proto__")!.topics)).to.deep.equal(["constructor"]);
    expect(Object.getPrototypeOf(store.state.accounts)).to.equal(Object.prototype);
  });

  it("deleting an account removes its memberships in every group, but not a group's owner entry", () => {
    const store = new EmulatorStore();
    for (const userId of ["ann", "ben"]) store.putAccount({ userId });
    store.putGroup(group("a", [member("ann"), member("ben")]));
    store.putGroup(group("b", [member("ann", "Admin")]));
    store.putGroup({ ...group("owned", [member("ann", "Owner"), member("ben")]), ownerAccount: "ann" });
    store.deleteAccount("ann");
    expect(store.hasAccount("ann")).to.equal(false);
    expect(store.hasAccount("ben")).to.equal(true);
    expect(Object.keys(store.group("a")!.members)).to.deep.equal(["ben"]);
    expect(store.group("b")!.members).to.deep.equal({});
    expect(Object.keys(store.group("owned")!.members)).to.deep.equal(["ann", "ben"]);
  });

  it("requireGroup returns the stored group, and answers GroupNotFound (10010) for one that is missing or disbanded", () => {
    const store = new EmulatorStore();
    store.putGroup(group("g"));
    store.requireGroup("g").name = "renamed"; // the stored record, not a copy: handlers edit fields in place
    expect(store.group("g")!.name).to.equal("renamed");
    store.deleteGroup("g");
    for (const groupId of ["g", "never"]) {
      let thrown: unknown;
      try {
        store.requireGroup(groupId);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, groupId).to.be.instanceOf(EmulatorError);
      expect((thrown as EmulatorError).code)
        .to.equal(ErrorCode.GroupNotFound)
        .and.equal(10010);
    }
    expect(store.hasGroup("g")).to.equal(false);
    expect(store.group("g")).to.equal(undefined);
  });

  it("lists every group, and puts and deletes a group's members and topics", () => {
    const store = new EmulatorStore();
    store.putGroup(group("one"));
    store.putGroup(group("two"));
    expect([...store.groups()].map((g) => g.groupId)).to.deep.equal(["one", "two"]);
    const one = store.requireGroup("one");
    store.putMember(one, member("ann"));
    store.putMember(one, member("ann", "Admin"));
    expect(store.state.groups.one!.members).to.deep.equal({ ann: member("ann", "Admin") });
    store.deleteMember(one, "ann");
    store.deleteMember(one, "nobody");
    expect(store.state.groups.one!.members).to.deep.equal({});
    const topic = { topicId: "t", topicName: "T", createTime: 1 };
    store.putTopic(one, topic);
    expect(store.state.groups.one!.topics).to.deep.equal({ t: topic });
    store.deleteTopic(one, "t");
    expect(store.state.groups.one!.topics).to.deep.equal({});
  });

  it("keeps a group's messages by rising MsgSeq, and a 1:1 conversation under its two accounts in either order, by time then MsgSeq", () => {
    const store = new EmulatorStore();
    const one = group("one");
    store.putGroup(one);
    expect(store.groupMessages(one)).to.deep.equal([]);
    expect(store.newestGroupMessage(one)).to.equal(undefined);
    const message = (msgSeq: number) => ({ fromAccount: "ann", msgSeq, msgRandom: 1, msgTimeStamp: 10, msgBody: [] });
    store.appendGroupMessage(one, message(1));
    store.appendGroupMessage(one, message(2));
    expect(() => store.appendGroupMessage(one, message(2))).to.throw(/not above/);
    expect(store.newestGroupMessage(one)?.msgSeq).to.equal(2);
    const c2c = (fromAccount: string, toAccount: string, msgTimeStamp: number, msgSeq: number) => ({
      fromAccount,
      toAccount,
      msgSeq,
      msgRandom: 1,
      msgTimeStamp,
      msgBody: [],
    });
    store.insertC2CMessage(c2c("zed", "ann", 5, 1), 0);
    store.insertC2CMessage(c2c("ann", "zed", 5, 2), 1);
    expect(() => store.insertC2CMessage(c2c("ann", "zed", 4, 1), 2), "out of order").to.throw(/order/);
    expect(store.state.c2cMessages?.ann?.zed?.map((m) => m.msgSeq)).to.deep.equal([1, 2]);
    expect(store.conversation("zed", "ann")).to.equal(store.conversation("ann", "zed"));
    expect(store.conversation("ann", "bob")).to.deep.equal([]);
    store.deleteGroup("one");
    expect(store.state.groupMessages).to.deep.equal({});
  });

  it("reads the state as it is now: a state set or changed directly (seed, PUT /state, a test) is seen at once", () => {
    const store = new EmulatorStore();
    store.state = { accounts: { ann: { userId: "ann" } }, groups: { g: group("g") }, idCounter: 0 };
    expect(store.hasAccount("ann")).to.equal(true);
    expect(store.requireGroup("g").groupId).to.equal("g");
    delete store.state.groups.g;
    expect(store.hasGroup("g")).to.equal(false);
  });

  it("copies the state it starts from, so the seed is never changed", () => {
    const seed: EmulatorState = { accounts: {}, groups: {}, idCounter: 0 };
    const store = new EmulatorStore(seed);
    store.putAccount({ userId: "ann" });
    store.newGroupId(false);
    expect(seed).to.deep.equal({ accounts: {}, groups: {}, idCounter: 0 });
  });

  describe("ID generation", () => {
    it("never repeats an ID within a state, groups, communities and topics alike", () => {
      const store = new EmulatorStore();
      const ids = Array.from({ length: 5000 }, (_, i) => (i % 3 === 2 ? store.newTopicId("@TGS#_c") : store.newGroupId(i % 3 === 1)));
      expect(new Set(ids).size).to.equal(ids.length);
      expect(ids[0]).to.match(/^@TGS#2[A-Z2-7]{8}M62C[A-Z2-7]$/);
      expect(ids[1]).to.match(/^@TGS#_@TGS#c[A-Z2-7]{8}M62C[A-Z2-7]$/);
      expect(ids[2]).to.match(/^@TGS#_c@TOPIC#_@TOPIC#c[A-Z2-7]{8}M62C[A-Z2-7]$/);
      expect(store.state.idCounter).to.equal(5000);
    });

    it("continues from a seeded state's counter, so a saved state does not hand out its IDs again", () => {
      const first = new EmulatorStore();
      const before = [first.newGroupId(false), first.newGroupId(false)];
      const resumed = new EmulatorStore(first.snapshot());
      expect(before).to.not.include(resumed.newGroupId(false));
      expect(resumed.state.idCounter).to.equal(3);
    });

    it("starts over after reset: the counter is part of the state, so a reset app hands out a new store's IDs", () => {
      // Pinned as it is: reset forgets everything, including which IDs were handed out before it.
      const store = new EmulatorStore();
      const before = [store.newGroupId(false), store.newTopicId("g")];
      store.reset();
      expect(store.state).to.deep.equal({ accounts: {}, groups: {}, idCounter: 0 });
      expect([store.newGroupId(false), store.newTopicId("g")]).to.deep.equal(before);
    });
  });
});
