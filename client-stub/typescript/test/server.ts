// A real siproute server for the tests: the built jar on a free loopback port, over a fresh
// embedded database, with an admin key of its own. Build the jar first:
//   mvn -B -q package -DskipTests      (from the repository root)
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

export interface TestServer {
  /** "http://127.0.0.1:<port>" */
  readonly baseUrl: string;
  readonly adminKey: string;
  stop(): Promise<void>;
}

/** Starts a server; `extraArgs` are added to its command line (e.g. --tls-cert). */
export async function startServer(extraArgs: string[] = []): Promise<TestServer> {
  const jar = process.env.SIPROUTE_SERVER_JAR ?? path.join(repositoryRoot, "server/target/siproute-server.jar");
  if (!existsSync(jar)) {
    throw new Error(`${jar} is missing: build it with \`mvn -B -q package -DskipTests\` in ${repositoryRoot}`);
  }
  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, "bin", "java") : "java";
  const dataDir = mkdtempSync(path.join(tmpdir(), "siproute-ts-test-"));
  const adminKey = `sr_test_${randomBytes(24).toString("hex")}`;
  const child = spawn(
    java,
    ["-jar", jar, "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir, "--shutdown-grace", "0", ...extraArgs],
    // The key goes through the environment: flags show in ps.
    { env: { ...process.env, SIPROUTE_ADMIN_KEY: adminKey }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 180 s:\n${log}`)), 180_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const listening = /siproute listening on 127\.0\.0\.1:(\d+)/.exec(log);
      if (listening) {
        clearTimeout(timer);
        resolve(Number(listening[1]));
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before listening:\n${log}`));
    });
  });
  return {
    baseUrl: `${extraArgs.includes("--tls-cert") ? "https" : "http"}://127.0.0.1:${port}`,
    adminKey,
    stop: async () => {
      await stopProcess(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(killer);
}
