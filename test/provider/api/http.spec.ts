import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChatClient } from "../../../provider/api/client";
import { ChatTransportError } from "../../../provider/api/errors";

describe("HTTP transport", () => {
  it("verifies TLS certificates: a self-signed server is refused, and the error holds no UserSig", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tls-"));
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
      ],
      { stdio: "ignore" },
    );
    let reached = false;
    const server = createServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) }, (_req, res) => {
      reached = true;
      res.end('{"ActionStatus":"OK","ErrorCode":0}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const client = new ChatClient({
      config: {
        sdkAppId: 1,
        identifier: "administrator",
        secretKey: "tls-secret",
        endpoint: `https://localhost:${(server.address() as AddressInfo).port}`,
        requestTimeoutMs: 5000,
        maxRetries: 0,
        topicImportServicePath: "group_open_http_svc",
      },
    });
    try {
      const error = (await client.call("get_group_info", { GroupIdList: ["g"] }).catch((e: unknown) => e)) as ChatTransportError;
      expect(error).to.be.instanceOf(ChatTransportError);
      expect(error.message).to.match(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
      expect(`${error.message} ${error.stack} ${JSON.stringify(error)}`).to.not.match(/usersig|tls-secret/i);
      expect(reached).to.equal(false);
    } finally {
      await client.close();
      server.close();
    }
  });
});
