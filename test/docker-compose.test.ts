import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_KEYS, PROCESS_KEYS } from '../config/index.js';

// Docker cannot run here: the topology is checked statically against the code.
const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    {
      image?: string;
      build?: string;
      command?: string[];
      environment?: Record<string, string>;
      healthcheck?: { test: string[] };
      deploy?: { replicas?: number };
      restart?: string;
      depends_on?: Record<string, { condition: string }>;
    }
  >;
};
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
const services = compose.services;
const appServices = ['migrate', 'worker', 'api'];

describe('docker-compose.yml', () => {
  it('has the production-like topology', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['api', 'app-db', 'mailpit', 'migrate', 'temporal', 'temporal-db', 'temporal-ui', 'worker'].sort(),
    );
    expect(services.temporal!.environment!.DB).toBe('postgres12');
    expect(services.temporal!.environment!.POSTGRES_SEEDS).toBe('temporal-db');
  });

  it('pins every image by version', () => {
    for (const [name, s] of Object.entries(services)) {
      expect(s.image, name).toBeDefined();
      expect(s.image!, name).toMatch(/:v?\d+\.\d+(\.\d+)?$/);
    }
  });

  it('gives every long-running service a healthcheck', () => {
    for (const [name, s] of Object.entries(services)) {
      if (name === 'migrate') continue;
      expect(s.healthcheck?.test?.length, name).toBeGreaterThan(0);
    }
  });

  it('runs several worker replicas', () => {
    expect(services.worker!.deploy!.replicas).toBeGreaterThanOrEqual(2);
  });

  it('waits for migrations before the worker and the API start', () => {
    for (const name of ['worker', 'api']) {
      expect(services[name]!.depends_on!.migrate!.condition).toBe('service_completed_successfully');
    }
  });

  it('sets only environment variables the code reads, and every required one', () => {
    const known = new Set<string>([...CONFIG_KEYS, ...PROCESS_KEYS]);
    for (const name of appServices) {
      const env = services[name]!.environment!;
      for (const key of Object.keys(env)) expect(known.has(key), `${name}: ${key} is not read by the code`).toBe(true);
      for (const key of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'SMTP_URL', 'TASK_QUEUE']) expect(env[key], `${name}: ${key}`).toBeTruthy();
    }
  });

  it('runs npm scripts that exist', () => {
    for (const name of appServices) {
      const [cmd, run, script] = services[name]!.command!;
      expect([cmd, run]).toEqual(['npm', 'run']);
      expect(pkg.scripts[script!], `${name}: npm run ${script}`).toBeDefined();
    }
  });
});
