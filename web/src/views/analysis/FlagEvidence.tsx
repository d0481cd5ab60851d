import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Flag } from '../../api/analysis';
import { formatDateTime } from '../businesses/labels';
import { RetentionLine } from '../../components/RetentionLine';

const json = (v: unknown) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v, null, 1));
const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const secs = (t: TFunction, ms: unknown) => (typeof ms === 'number' ? t('flags.seconds', { n: Math.round(ms / 100) / 10 }) : json(ms));

/** How the clip was cut, in words where the field is known; anything else as it came, folded away. */
function provenanceRows(t: TFunction, lang: string, p: Record<string, unknown>): [string, ReactNode][] {
  const when = (v: unknown) => (typeof v === 'string' ? formatDateTime(v, lang) : json(v));
  const rows: [string, ReactNode][] = [];
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    const tool = obj(v);
    const range = obj(v);
    if (k === 'tool' && tool) {
      // "ffmpeg version 5.1 Copyright …": the name and version are enough.
      const version = typeof tool.version === 'string' ? tool.version.split('\n')[0].replace(/\s+Copyright.*$/, '') : '';
      const name = json(tool.name ?? '');
      rows.push([t('flags.prov.tool'), version.startsWith(name) ? version : `${name} ${version}`.trim()]);
      if (Array.isArray(tool.args)) rows.push([t('flags.prov.args'), <code className="hash">{tool.args.map(String).join(' ')}</code>]);
    } else if (k === 'offsetMs' || k === 'durationMs') rows.push([t(`flags.prov.${k}`), secs(t, v)]);
    else if (k === 'startsAt' || k === 'createdAt') rows.push([t(`flags.prov.${k}`), when(v)]);
    else if (k === 'requested' && range) rows.push([t('flags.prov.requested'), `${when(range.from)} → ${when(range.to)}`]);
    else if (k === 'gaps' && Array.isArray(v)) rows.push([t('flags.prov.gaps'), v.length === 0 ? t('common.none') : v.map((g) => `${when(obj(g)?.from)} → ${when(obj(g)?.to)}`).join('; ')]);
    else if (k === 'segments' && Array.isArray(v)) rows.push([t('flags.prov.segments'), String(v.length)]);
    else if (k === 'outputSize' && typeof v === 'number') rows.push([t('flags.prov.outputSize'), `${Math.round(v / 1024)} KiB`]);
    else if (k === 'outputSha256') continue; // the clip's SHA-256, shown above
    else if (k === 'version' || k === 'coverage' || k === 'final') continue; // said in words beside the clip
    else rest[k] = v;
  }
  if (Object.keys(rest).length) rows.push([t('flags.prov.other'), <pre className="hash">{json(rest)}</pre>]);
  return rows;
}

/** Where the evidence comes from: the original recording segments (with their hashes) and how the clip was cut from them. */
export function FlagEvidence({ flag: f }: { flag: Flag }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card flag-evidence" data-testid="flag-evidence">
      <h2>{t('flags.segments')}</h2>
      {f.segments.length === 0 ? (
        <p className="muted">{t('flags.noSegments')}</p>
      ) : (
        <ul className="evidence-list">
          {f.segments.map((s) => (
            <li key={s.id}>
              {formatDateTime(s.startedAt, i18n.language)} → {formatDateTime(s.endedAt, i18n.language)}
              <br />
              <span className="hash">SHA-256 {s.sha256}</span>
            </li>
          ))}
        </ul>
      )}
      {f.clip && (
        <>
          <h3>{t('flags.clipSha')}</h3>
          <p className="hash">{f.clip.sha256}</p>
          <RetentionLine kind="flag_clip" id={f.id} />
          {f.clip.provenance && (
            <>
              <h3>{t('flags.provenance')}</h3>
              <dl className="facts">
                {provenanceRows(t, i18n.language, f.clip.provenance).map(([k, v]) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd>{v}</dd>
                  </div>
                ))}
              </dl>
            </>
          )}
        </>
      )}
    </section>
  );
}
