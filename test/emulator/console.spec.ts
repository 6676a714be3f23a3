import { expect } from "chai";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import type { EmulatorState } from "../../emulator/store";
import { invoke } from "../../provider/api/commands";
import { emulatorClient, REPO_ROOT } from "../../tools/lib/local-stack";

const CREATED = 1_700_000_000;
const HOSTILE = `<img src=x onerror="window.__injected=1">`;

/** Accounts, groups of three types (one with a name that is markup), members and topics. */
function seed(): EmulatorState {
  const member = (account: string, role: "Owner" | "Admin" | "Member") => ({ account, role, joinTime: CREATED + 10, unreadMsgNum: 0 });
  const group = (groupId: string, type: string, name: string, members: string[], extra = {}) => ({
    groupId,
    type,
    name,
    createTime: CREATED,
    maxMemberCount: 2000,
    supportTopic: false,
    appDefinedData: {},
    topics: {},
    ownerAccount: members[0],
    members: Object.fromEntries(members.map((m, i) => [m, member(m, i === 0 ? "Owner" : i === 1 ? "Admin" : "Member")])),
    ...extra,
  });
  return {
    accounts: Object.fromEntries(
      ["alice", "bob", "carol", "dave", "wang_wei"].map((u) => [u, { userId: u, nick: u === "wang_wei" ? "王伟" : u }]),
    ),
    groups: {
      eng: group("eng", "Private", "Engineering", ["alice", "bob", "carol"]),
      lobby: group("lobby", "Public", HOSTILE, ["bob", "dave"]),
      "@TGS#_hub": group("@TGS#_hub", "Community", "Hub 社区", ["alice", "bob", "carol", "dave", "wang_wei"], {
        supportTopic: true,
        topics: {
          "@TGS#_hub@TOPIC#_news": { topicId: "@TGS#_hub@TOPIC#_news", topicName: "News", fromAccount: "alice", createTime: CREATED + 5 },
        },
      }),
    },
    idCounter: 0,
    groupMessages: { eng: engHistory() },
    c2cMessages: {
      alice: {
        bob: [
          {
            fromAccount: "alice",
            toAccount: "bob",
            msgSeq: 1,
            msgRandom: 1,
            msgTimeStamp: CREATED + 20,
            msgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }],
          },
        ],
      },
    },
  };
}

/** 60 messages in eng, a minute apart; message 30 is text with an image, message 59 a text that is markup. */
function engHistory(): NonNullable<EmulatorState["groupMessages"]>[string] {
  return Array.from({ length: 60 }, (_, i) => {
    const seq = i + 1;
    const msgBody: { MsgType: string; MsgContent: Record<string, unknown> }[] = [
      { MsgType: "TIMTextElem", MsgContent: { Text: seq === 59 ? HOSTILE : `message ${seq}` } },
    ];
    if (seq === 30)
      msgBody.push({
        MsgType: "TIMImageElem",
        MsgContent: { UUID: "i", ImageInfoArray: [{ Type: 1, Width: 1, Height: 1, URL: "https://x/i.png" }] },
      });
    return { fromAccount: i % 2 ? "bob" : "alice", msgSeq: seq, msgRandom: seq, msgTimeStamp: CREATED + 100 + 60 * i, msgBody };
  });
}

describe("the emulator's console at /__emulator/, in headless Chromium", function () {
  this.timeout(120_000);
  let browser: Browser;
  let emulator: RunningEmulator;
  let page: Page;
  const screenshots = join(REPO_ROOT, ".tmp");

  before(async () => {
    const executablePath = process.env.TENCENT_CHAT_CHROMIUM;
    if (!executablePath)
      throw new Error("TENCENT_CHAT_CHROMIUM is not set: tools/run.sh test installs Debian's chromium (tools/chromium.sh)");
    browser = await chromium.launch({
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    mkdirSync(screenshots, { recursive: true });
  });
  after(async () => browser?.close());
  beforeEach(async () => {
    emulator = await startEmulator({ seed: seed() });
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.on("dialog", (dialog) => void dialog.accept());
  });
  afterEach(async () => {
    await page.close();
    await emulator.close();
  });
  const open = async () => {
    await page.goto(`${emulator.url}/__emulator/`);
    await page.waitForSelector("body[data-loaded=true]");
  };
  const texts = (selector: string) => page.locator(selector).allTextContents();

  it("shows the totals, browses groups by type, a group's members and topics, and the accounts", async () => {
    await open();
    expect(await page.textContent("#totals")).to.equal(
      "SDKAppID 1400000000 (strict) - 5 accounts, 3 groups, 10 members, 1 topics, 61 messages",
    );
    expect(await texts("#groups-table tbody tr td:first-child")).to.deep.equal(["@TGS#_hub", "eng", "lobby"]);
    await page.selectOption("#group-type", "Community");
    expect(await texts("#groups-table tbody tr td:first-child")).to.deep.equal(["@TGS#_hub"]);
    await page.click("#groups-table tbody tr[data-group='@TGS#_hub']");
    expect(await texts("#members-table tbody tr td:first-child")).to.deep.equal(["alice", "bob", "carol", "dave", "wang_wei"]);
    expect(await texts("#members-table tbody tr td:nth-child(2)")).to.deep.equal(["Owner", "Admin", "Member", "Member", "Member"]);
    expect(await texts("#topics-table tbody tr td:nth-child(2)")).to.deep.equal(["News"]);
    await page.screenshot({ path: join(screenshots, "console-groups.png"), fullPage: true });
    await page.click("nav button[data-tab=accounts]");
    await page.fill("#account-search", "王");
    expect(await texts("#accounts-table tbody tr td:first-child")).to.deep.equal(["wang_wei"]);
  });

  it("shows a group's messages newest first, a page at a time: MsgSeq, time, sender, the text, and other elements by type", async () => {
    await open();
    expect(await texts("#groups-table tbody tr[data-group='eng'] td:nth-child(6)")).to.deep.equal(["60"]);
    await page.click("#groups-table tbody tr[data-group='eng']");
    await page.waitForSelector("#messages-table tbody tr");
    const seqs = () => texts("#messages-table tbody tr td:first-child");
    expect(await seqs()).to.deep.equal(Array.from({ length: 50 }, (_, i) => String(60 - i)));
    expect(await texts("#messages-table tbody tr:first-child td")).to.deep.equal([
      "60",
      new Date((CREATED + 100 + 60 * 59) * 1000).toISOString(),
      "bob",
      "message 60",
    ]);
    expect(await texts("#messages-table tbody tr:has(td:text-is('30')) td:nth-child(4)")).to.deep.equal(["message 30 [TIMImageElem]"]);
    // A message whose text is markup shows as text and runs nothing.
    expect(await texts("#messages-table tbody tr:has(td:text-is('59')) td:nth-child(4)")).to.deep.equal([HOSTILE]);
    expect(await page.evaluate("window.__injected")).to.equal(undefined);
    expect(await page.textContent("#messages-page")).to.equal("MsgSeq 60 to 11 of 60, newest first");
    expect(await page.isDisabled("#messages-newer")).to.equal(true);
    await page.click("#messages-older");
    await page.waitForFunction(`document.querySelector("#messages-table tbody td")?.textContent === "10"`);
    expect(await seqs()).to.deep.equal(["10", "9", "8", "7", "6", "5", "4", "3", "2", "1"]);
    expect(await page.isDisabled("#messages-older")).to.equal(true);
    await page.screenshot({ path: join(screenshots, "console-messages.png"), fullPage: true });
    await page.click("#messages-newer");
    await page.waitForFunction(`document.querySelector("#messages-table tbody td")?.textContent === "60"`);
    // A group without messages says so.
    await page.click("#groups-table tbody tr[data-group='@TGS#_hub']");
    await page.waitForFunction(`document.querySelector("#messages-page")?.textContent === "no messages"`);
  });

  it("puts data in the page as text: a group named with markup runs nothing", async () => {
    await open();
    await page.selectOption("#group-type", "Public");
    expect(await texts("#groups-table tbody tr td:nth-child(3)")).to.deep.equal([HOSTILE]);
    expect(await page.locator("#groups-table img").count()).to.equal(0);
    expect(await page.evaluate("window.__injected")).to.equal(undefined);
  });

  it("charts calls and rejections live, per command, and sets and clears fault rules", async () => {
    await open();
    await page.click("nav button[data-tab=faults]");
    expect(await page.textContent("#faults-seed")).to.equal("No fault rules: every call is answered normally.");
    await page.fill(
      "#faults-editor",
      JSON.stringify({ seed: 3, rules: [{ command: "get_group_info", times: 2, action: { type: "error", code: 10002 } }] }),
    );
    await page.click("#faults-apply");
    await page.waitForFunction(`document.querySelector("#faults-message").textContent === "1 rule(s) active"`);
    const client = emulatorClient({ url: emulator.url, ...emulator.app }, { maxRetries: 0 });
    try {
      for (let i = 0; i < 5; i += 1) await invoke(client, "get_group_info", { GroupIdList: ["eng"] }).catch(() => undefined);
    } finally {
      await client.close();
    }
    await page.click("nav button[data-tab=calls]");
    await page.waitForFunction(`Number(document.querySelector("#calls-chart").dataset.total) >= 5`);
    const row = await texts("#calls-table tbody tr:has(td:text-is('get_group_info')) td");
    expect(row).to.deep.equal(["get_group_info", "5", "2", "0"]);
    expect(await texts("#calls-table tbody tr td:first-child"), "the page's own requests are not API calls").to.deep.equal([
      "get_group_info",
    ]);
    await page.screenshot({ path: join(screenshots, "console-calls.png"), fullPage: true });
    await page.click("nav button[data-tab=faults]");
    await page.waitForFunction(`document.querySelector("#faults-table tbody td:last-child")?.textContent === "2"`);
    await page.screenshot({ path: join(screenshots, "console-faults.png"), fullPage: true });
    expect(await page.textContent("#faults-injected")).to.include(`"get_group_info:error:10002": 2`);
    await page.fill("#faults-editor", `{"rules": [{"command": "*", "probability": 2, "action": {"type": "reset"}}]}`);
    await page.click("#faults-apply");
    await page.waitForFunction(`document.querySelector("#faults-message").className === "bad"`);
    expect(await page.textContent("#faults-message")).to.match(/rules\.0\.probability/);
    await page.click("#faults-clear");
    await page.waitForFunction(`document.querySelector("#faults-seed").textContent.startsWith("No fault rules")`);
    expect(emulator.faults.active.rules).to.deep.equal([]);
  });

  it("resets everything after a confirmation", async () => {
    await open();
    await page.click("#reset");
    await page.waitForFunction(`document.querySelector("#totals").textContent.includes("0 accounts, 0 groups")`);
    expect(Object.keys(emulator.store.state.groups)).to.deep.equal([]);
  });

  it("with --admin-token, asks for the token and reads nothing without it", async () => {
    await emulator.close();
    emulator = await startEmulator({ seed: seed(), admin: { token: "console-token" } });
    page.removeAllListeners("dialog");
    page.on("dialog", (dialog) => void dialog.accept("console-token"));
    await open();
    expect(await page.textContent("#totals")).to.match(/5 accounts, 3 groups/);
    const anonymous = await fetch(`${emulator.url}/__emulator/state`);
    expect(anonymous.status).to.equal(401);
  });
});
