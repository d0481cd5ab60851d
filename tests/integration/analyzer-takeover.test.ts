import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawPicture, startAnalyzerRig, VTEST, type AnalyzerRig } from '../support/analyzer-rig.js';
import { waitFor } from '../support/wait.js';

// Two analyzer processes share two cameras through leases; one is killed (SIGKILL) while both
// cameras show people: its camera moves to the survivor within 30 s and the event in progress
// continues as the same flag — nothing lost, nothing doubled.
let rig: AnalyzerRig;
const procs: ChildProcess[] = [];
let output = '';

function startAnalyzerProcess(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'analyzer/main.ts'], {
    env: { ...process.env, ...rig.env({ DATABASE_URL: rig.t.appUrl, DATABASE_ADMIN_URL: rig.t.adminUrl, LOG_LEVEL: 'info', ANALYZER_STREAM_LOST_S: '20' }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  procs.push(child);
  return child;
}

const leases = () => rig.t.db.selectFrom('analyzer_leases').selectAll().where('expires_at', '>', new Date()).execute();

let cameras: { deviceId: string; key: string }[] = [];
beforeAll(async () => {
  if (!existsSync(VTEST)) return;
  rig = await startAnalyzerRig();
  cameras = await rig.cameras(3); // one consent for the site: two for the first test, one for the second
}, 180_000);
afterAll(async () => {
  for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
  await rig?.stop();
});

describe.skipIf(!existsSync(VTEST))('analyzer scale-out', () => {
  it('a killed analyzer’s camera is taken over within 30 s; its open flag continues, none lost or doubled', async () => {
    const cams = cameras.slice(0, 2);
    const rules: { id: string }[] = [];
    for (const c of cams) rules.push(await rig.addRule(c.deviceId, { kind: 'restricted_area', name: '人行通道', definition: { zone: [[0, 0.3], [1, 0.3], [1, 0.72], [0, 0.72]], minDwellS: 2, cooldownS: 30 } }));
    const pubs = cams.map((c) => rig.publish(c, ['-stream_loop', '-1', '-i', VTEST], { seconds: 100 }));

    const a = startAnalyzerProcess();
    await waitFor('analyzer A watching both cameras with open flags', async () => {
      const f = await rig.t.db.selectFrom('flags').select('device_id').where('state', '=', 'active').where('source', '=', 'rule').execute();
      return new Set(f.map((x) => x.device_id)).size === 2;
    }, 60_000);
    const b = startAnalyzerProcess();
    // Fair share: A hands one camera to B, checkpoint and all.
    const split = await waitFor('one camera each', async () => {
      const l = await leases();
      return l.length === 2 && new Set(l.map((x) => x.holder)).size === 2 && l;
    }, 45_000);
    const holderOf = (pid: number) => split.find((l) => l.holder.endsWith(`:${pid}`))!;
    const victim = holderOf(b.pid!);
    const survivor = holderOf(a.pid!);
    expect(victim && survivor).toBeTruthy();
    // Let B see its camera for a while, then kill it without warning.
    await waitFor('B renews with a checkpoint', async () => {
      const l = await rig.t.db.selectFrom('analyzer_leases').select('checkpoint').where('device_id', '=', victim.device_id).executeTakeFirst();
      return l && Object.keys((l.checkpoint as { events?: object }).events ?? {}).length > 0;
    }, 20_000);
    const killedAt = Date.now();
    b.kill('SIGKILL');
    const taken = await waitFor('takeover', async () => {
      const l = await rig.t.db.selectFrom('analyzer_leases').selectAll().where('device_id', '=', victim.device_id).executeTakeFirst();
      return l && l.holder === survivor.holder && l.expires_at > new Date() && l;
    }, 40_000);
    const takeoverS = (Date.now() - killedAt) / 1000;
    expect(takeoverS).toBeLessThan(30);
    expect(taken.takeovers).toBeGreaterThanOrEqual(2); // A → B on the split, B → A on the kill

    // Keep watching a little, then the cameras stop; every open event ends, at its last sighting,
    // once the stream is lost (ANALYZER_STREAM_LOST_S: no frame came for 20 s).
    await new Promise((r) => setTimeout(r, 8000));
    for (const p of pubs) p.child.kill('SIGINT');
    await waitFor('all flags ended', async () => {
      const open = await rig.t.db.selectFrom('flags').select('id').where('state', '=', 'active').where('source', '=', 'rule').execute();
      return open.length === 0;
    }, 80_000).catch((err: Error) => Promise.reject(new Error(`${err.message}\n${output.slice(-3000)}`)));
    const ruleFlags: string[] = [];
    for (const [i, c] of cams.entries()) {
      const all = await rig.flags(c.deviceId);
      const f = all.filter((x) => x.rule_id === rules[i].id);
      // People were on the walkway the whole time: one event per camera, across the split and the kill.
      expect(f.length, `${output.slice(-3000)}`).toBe(1);
      expect(f[0].ended_at!.getTime()).toBeGreaterThan(killedAt + 5000);
      ruleFlags.push(f[0].id);
      // Nothing else but, once the camera has stopped, its stream_lost.
      expect(all.filter((x) => x.id !== f[0].id).map((x) => x.type).filter((t) => t !== 'stream_lost')).toEqual([]);
    }
    // Raised once and ended once each — neither the split nor the kill wrote them twice.
    const entries = async (action: string) => rig.t.db.selectFrom('ledger_entries').select('entity_id').where('action', '=', action).where('entity_id', 'in', ruleFlags).execute();
    expect((await entries('flag.raised')).map((e) => e.entity_id).sort()).toEqual([...ruleFlags].sort());
    expect((await entries('flag.ended')).map((e) => e.entity_id).sort()).toEqual([...ruleFlags].sort());
    a.kill('SIGTERM');
  }, 300_000);

  it('an event that happens entirely while no analyzer watches is found afterwards in the recording', async () => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    const FOOD = '/usr/share/doc/opencv-doc/examples/data/fruits.jpg';
    const DOG = '/usr/share/darknet/data/dog.jpg';
    const plain = rawPicture([FOOD], '[0]scale=768:576');
    const withDog = rawPicture([FOOD, DOG], '[0]scale=768:576[bg];[1]crop=230:380:105:180[dog];[bg][dog]overlay=30:150');
    const all = cameras;
    const cam = all[2];
    // Only this camera is left to watch: the others are retired (A keeps it; B waits).
    for (const c of all.slice(0, 2)) expect((await rig.officer.post(`/api/devices/${c.deviceId}/retire`, { reason: '测试结束' })).status).toBe(200);
    const rule = await rig.addRule(cam.deviceId, { kind: 'animal', name: '备餐台', definition: { zone: null, minScore: 0.3, minDwellS: 1, cooldownS: 3 } });
    const feed = rig.publishFrames(cam, plain);
    const a = startAnalyzerProcess();
    const lease = async () => rig.t.db.selectFrom('analyzer_leases').selectAll().where('device_id', '=', cam.deviceId).where('expires_at', '>', new Date()).executeTakeFirst();
    const first = await waitFor('A watching the food camera', async () => {
      const l = await lease();
      return l && l.holder.endsWith(`:${a.pid}`) && (l.checkpoint as { everLive?: boolean }).everLive && l;
    }, 60_000);
    const b = startAnalyzerProcess();
    await waitFor('B alive', async () => (await rig.t.db.selectFrom('process_heartbeats').select('instance').where('instance', 'like', `%:${b.pid}`).executeTakeFirst()) ?? null, 30_000);
    expect(first.holder).not.toContain(`:${b.pid}`);
    a.kill('SIGKILL');
    const killedAt = Date.now();
    // While nobody watches: a dog on the counter for 6 s, then gone.
    await new Promise((r) => setTimeout(r, 2000));
    feed.show(withDog);
    await new Promise((r) => setTimeout(r, 6000));
    feed.show(plain);
    const dogGoneAt = Date.now();
    const taken = await waitFor('B takes the camera', async () => {
      const l = await lease();
      return l && l.holder.endsWith(`:${b.pid}`) && l;
    }, 40_000);
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    expect(taken.acquired_at.getTime()).toBeGreaterThan(dogGoneAt); // the dog was gone before B watched
    const flag = await waitFor('the animal flag from the recording', async () => (await rig.flags(cam.deviceId)).find((f) => f.rule_id === rule.id && f.state === 'ended'), 60_000);
    expect(flag.started_at.getTime()).toBeGreaterThan(killedAt);
    expect(flag.started_at.getTime()).toBeLessThan(dogGoneAt);
    expect(flag.analyzer).toContain(`:${b.pid}`);
    expect((await rig.flags(cam.deviceId)).filter((f) => f.rule_id === rule.id)).toHaveLength(1);
    feed.stop();
    b.kill('SIGTERM');
  }, 180_000);
});
