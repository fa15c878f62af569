// Places (场所) and their staff; per-place statistics with simple inline SVG charts.
import { useEffect, useState } from 'preact/hooks';
import { get, post } from '../../api';
import { t, tMaybe, useLang } from '../../i18n';
import { AddByIdNumber } from '../../components/form/AddByIdNumber';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ActionNotices, ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Empty, LoadStatus, Loading } from '../../components/feedback/Loading';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';

const KINDS = ['community_gate', 'venue', 'hospital', 'station', 'office', 'other'];

export function Places() {
  useLang();
  const q = useLoad(() => get('/api/v1/places'));
  const [name, setName] = useState('');
  const [kind, setKind] = useState('community_gate');
  const [region, setRegion] = useState('');
  const [address, setAddress] = useState('');
  const [community, setCommunity] = useState('');
  const create = useAction();
  const places: any[] = q.data?.places ?? [];
  const submit = async (e: Event) => {
    e.preventDefault();
    await create.run(async () => {
      const body: any = { name: name.trim(), kind, region };
      if (address.trim()) body.address = address.trim();
      if (community.trim()) body.community = community.trim();
      const r = await post('/api/v1/places', body);
      setName('');
      q.reload();
      return t('pl_created', { id: r.place_id });
    });
  };
  return (
    <Page title={t('pl_title')}>
      <form class="card form" onSubmit={submit} noValidate>
        <h2 class="h3">{t('pl_new')}</h2>
        <ActionNotices action={create} />
        <Field label={t('pl_name')} name="place_name" value={name} onInput={setName} required />
        <Select label={t('pl_kind')} name="kind" value={kind} onChange={setKind} options={KINDS.map((k) => [k, tMaybe(`pl_kind_${k}`) ?? k])} />
        <Field label={t('ra_region')} name="region" value={region} onInput={setRegion} inputMode="numeric" maxLength={6} hint={t('residence_region_hint')} />
        <Field label={t('pl_address')} name="address" value={address} onInput={setAddress} optional />
        <Field label="社区 / Community" name="community" value={community} onInput={setCommunity} optional />
        <Button type="submit" busy={create.busy}>
          {t('pl_new')}
        </Button>
      </form>
      <LoadStatus q={q} empty={!q.error && !places.length} />
      <ul class="cards">
        {places.map((p) => (
          <li class="card place" key={p.place_id}>
            <h2 class="h3">{p.name}</h2>
            <p class="muted small">
              {p.place_id} · {tMaybe(`pl_kind_${p.kind}`) ?? p.kind} · {p.region} {p.address}
            </p>
            <details>
              <summary>{t('pl_code')}</summary>
              <img class="place-code" src={`/api/v1/places/${encodeURIComponent(p.place_id)}/code.svg`} alt={`${t('pl_code')}: ${p.name}`} width={220} height={220} loading="lazy" />
              <p>
                <a href={`/api/v1/places/${encodeURIComponent(p.place_id)}/code.png`} download={`place-${p.place_id}.png`}>
                  {t('pl_print')}
                </a>
              </p>
            </details>
            <AddByIdNumber label={t('pl_staff_id')} button={t('pl_staff')} add={(id) => post(`/api/v1/places/${encodeURIComponent(p.place_id)}/staff`, { id_number: id })} />
          </li>
        ))}
      </ul>
    </Page>
  );
}

/** A bar chart in plain SVG with a text table alternative for screen readers. */
export function BarChart({ title, data, colour = '#0b5cad', unit = '' }: { title: string; data: { label: string; value: number }[]; colour?: string; unit?: string }) {
  const max = Math.max(1, ...data.map((d) => d.value));
  const w = 720;
  const h = 220;
  const pad = { l: 36, r: 8, t: 10, b: 28 };
  const bw = (w - pad.l - pad.r) / Math.max(1, data.length);
  const ticks = [0, Math.ceil(max / 2), max];
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-label={title} preserveAspectRatio="none">
        {ticks.map((tk) => {
          const y = pad.t + (h - pad.t - pad.b) * (1 - tk / max);
          return (
            <g key={tk}>
              <line x1={pad.l} x2={w - pad.r} y1={y} y2={y} stroke="#d0d7de" />
              <text x={pad.l - 4} y={y + 4} text-anchor="end" font-size="11" fill="#57606a">
                {tk}
              </text>
            </g>
          );
        })}
        {data.map((d, i) => {
          const bh = ((h - pad.t - pad.b) * d.value) / max;
          const x = pad.l + i * bw;
          return (
            <g key={d.label}>
              <rect x={x + bw * 0.15} y={h - pad.b - bh} width={bw * 0.7} height={bh} fill={colour}>
                <title>
                  {d.label}: {d.value}
                  {unit}
                </title>
              </rect>
              {(data.length <= 12 || i % 3 === 0) && (
                <text x={x + bw / 2} y={h - pad.b + 16} text-anchor="middle" font-size="11" fill="#57606a">
                  {d.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <details>
        <summary>{t('chart_table', { title })}</summary>
        <table>
          <tbody>
            {data.map((d) => (
              <tr key={d.label}>
                <th scope="row">{d.label}</th>
                <td>{d.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export function Stats() {
  useLang();
  const places = useLoad(() => get('/api/v1/places'));
  const list: any[] = places.data?.places ?? [];
  const [placeId, setPlaceId] = useState('');
  const [date, setDate] = useState(new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10));
  useEffect(() => {
    if (!placeId && list.length) setPlaceId(list[0].place_id);
  }, [list.length]);
  const stats = useLoad(() => (placeId ? get(`/api/v1/places/${encodeURIComponent(placeId)}/stats?date=${date}`) : Promise.resolve(undefined)), [placeId, date]);
  const hours: any[] = stats.data?.hours ?? [];
  const byHour = Array.from({ length: 24 }, (_, h) => {
    const row = hours.find((x) => x.hour === h);
    return { label: String(h).padStart(2, '0'), value: row?.passes ?? 0, refusals: row?.refusals ?? 0 };
  });
  const reasons: Record<string, number> = {};
  for (const hr of hours) for (const [k, v] of Object.entries<number>(hr.refusals_by_reason ?? {})) reasons[k] = (reasons[k] ?? 0) + v;
  const total = byHour.reduce((a, b) => a + b.value, 0);
  const refused = byHour.reduce((a, b) => a + b.refusals, 0);
  return (
    <Page title={t('st_title')}>
      <div class="card form">
        {places.loading && <Loading />}
        <ErrorNotice error={places.error} />
        {list.length > 0 && <Select label={t('place')} value={placeId} onChange={setPlaceId} options={list.map((p) => [p.place_id, p.name])} />}
        <Field label={t('st_date')} type="date" value={date} onInput={setDate} />
      </div>
      {stats.loading && placeId && <Loading />}
      <ErrorNotice error={stats.error} />
      {stats.data && (
        <section class="card">
          <p>{t('st_total', { n: total, r: refused })}</p>
          <BarChart title={t('st_passes_per_hour')} data={byHour} />
          {Object.keys(reasons).length ? (
            <BarChart title={t('st_refusals')} data={Object.entries(reasons).map(([k, v]) => ({ label: tMaybe(`reason_${k}`) ?? k, value: v }))} colour="#b3261e" />
          ) : (
            <p class="muted">
              {t('st_refusals')}: {t('none')}
            </p>
          )}
          <a class="btn btn-secondary" href={`/api/v1/places/${encodeURIComponent(placeId)}/stats?date=${date}&format=csv`} download={`stats-${placeId}-${date}.csv`}>
            {t('st_export_csv')}
          </a>
        </section>
      )}
      {!placeId && !places.loading && <Empty />}
    </Page>
  );
}
