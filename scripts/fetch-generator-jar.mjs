// Puts the OpenAPI Generator JAR pinned in openapitools.json where the npm wrapper looks for it
// (<storageDir>/<version>.jar). The wrapper's own download reaches for a host this machine
// cannot; Maven reaches Maven Central, so fetch it with `mvn dependency:copy`.
import { existsSync, readFileSync, renameSync, mkdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const config = JSON.parse(readFileSync(`${root}openapitools.json`, "utf8"))["generator-cli"];
const dir = `${root}${config.storageDir}`;
const jar = `${dir}/${config.version}.jar`;

if (existsSync(jar)) {
  console.log(`OpenAPI Generator ${config.version}: ${jar.slice(root.length)} is there`);
} else {
  mkdirSync(dir, { recursive: true });
  const artifact = `org.openapitools:openapi-generator-cli:${config.version}`;
  try {
    execFileSync(
      "mvn",
      [
        "-q",
        "-B",
        "-Dstyle.color=never",
        "dependency:copy",
        `-Dartifact=${artifact}`,
        `-DoutputDirectory=${dir}`,
      ],
      { stdio: "inherit" },
    );
  } catch (error) {
    // One line saying what to do, not a spawnSync stack.
    console.error(
      error.code === "ENOENT"
        ? "spec:jar: mvn is missing: install Maven (Debian: apt-get install maven) and a Java 17 JDK"
        : `spec:jar: mvn could not fetch ${artifact} (exit ${error.status ?? error.signal}); see its output above`,
    );
    process.exit(1);
  }
  renameSync(`${dir}/openapi-generator-cli-${config.version}.jar`, jar);
  console.log(`OpenAPI Generator ${config.version}: fetched ${jar.slice(root.length)}`);
}
