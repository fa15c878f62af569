// Hospital booking (issue 22): the hospitals (/hospital), and one hospital's departments and
// doctors (/hospital?h=<id>) with a search by department or doctor name; each department leads
// to its free slots (/hospital/book?h=<id>&d=<department>[&doctor=<id>]).
import { useState } from 'preact/hooks';
import { get } from '../../api';
import { localized, t } from '../../i18n';
import { Link, useLocation } from '../../router';
import { useLoad } from '../../hooks/useLoad';
import { Page } from '../../components/Page';
import { Field } from '../../components/form/Field';
import { LoadStatus } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { type Department, type Directory, loadDirectory } from './common';

export function HospitalList() {
  const loc = useLocation();
  const h = loc.query.get('h') ?? '';
  const list = useLoad(() => get('/api/v1/hospitals'));
  const hospitals = list.data?.hospitals ?? [];
  const hospital = hospitals.find((x) => x.id === h);
  if (h) return <HospitalView id={h} name={hospital?.name} address={hospital?.address} />;
  return (
    <Page title={t('hosp_title')} intro={t('hosp_intro')}>
      <p>
        <Link href="/hospital/appointments">{t('nav_hospital_mine')}</Link>
      </p>
      <section aria-labelledby="hosp-list-head">
        <h2 id="hosp-list-head">{t('hosp_hospitals')}</h2>
        <LoadStatus q={list} empty={!hospitals.length} />
        <ul class="cards hosp-hospitals">
          {hospitals.map((x) => (
            <li class="card hosp-hospital" key={x.id}>
              <h3 class="h3">
                <Link href={`/hospital?h=${encodeURIComponent(x.id)}`}>{x.name}</Link>
              </h3>
              <p class="small muted">{x.address}</p>
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}

function matches(dep: Department, dir: Directory, q: string): boolean {
  if (!q) return true;
  const s = q.trim().toLowerCase();
  if (dep.name.zh.toLowerCase().includes(s) || dep.name.en.toLowerCase().includes(s)) return true;
  return dir.doctors.some((d) => d.department_id === dep.id && d.name.toLowerCase().includes(s));
}

function HospitalView({ id, name, address }: { id: string; name?: string; address?: string }) {
  const dir = useLoad(() => loadDirectory(id), [id]);
  const [q, setQ] = useState('');
  const d = dir.data;
  const deps = d ? d.departments.filter((x) => matches(x, d, q)) : [];
  const book = (dep: string, doctor?: string) => `/hospital/book?h=${encodeURIComponent(id)}&d=${encodeURIComponent(dep)}${doctor ? `&doctor=${encodeURIComponent(doctor)}` : ''}`;
  return (
    <Page title={name ?? t('hosp_title')} intro={address}>
      <p>
        <Link href="/hospital">← {t('hosp_all_hospitals')}</Link>
      </p>
      <Notice kind="info">{t('hosp_fever_note')}</Notice>
      <section aria-labelledby="hosp-deps-head">
        <h2 id="hosp-deps-head">{t('hosp_departments')}</h2>
        <form class="form" role="search" onSubmit={(e) => e.preventDefault()}>
          <Field label={t('hosp_search')} hint={t('hosp_search_hint')} type="search" name="q" value={q} onInput={setQ} />
        </form>
        <LoadStatus q={dir} empty={!!d && !d.departments.length} />
        {d && d.departments.length > 0 && !deps.length && <p class="muted">{t('hosp_no_match')}</p>}
        <ul class="cards hosp-departments">
          {d &&
            deps.map((dep) => {
              const doctors = d.doctors.filter((x) => x.department_id === dep.id);
              return (
                <li class={`card hosp-department${dep.kind === 'fever' ? ' hosp-fever' : ''}`} key={dep.id} data-kind={dep.kind}>
                  <h3 class="h3">
                    <Link href={book(dep.id)}>{localized(dep.name)}</Link>
                    {dep.kind === 'fever' && <span class="tag hosp-fever-tag"> {t('hosp_fever')}</span>}
                  </h3>
                  {doctors.length > 0 && (
                    <ul class="list hosp-doctors" aria-label={`${localized(dep.name)} · ${t('hosp_doctors')}`}>
                      {doctors.map((doc) => (
                        <li key={doc.id}>
                          <Link href={book(dep.id, doc.id)}>
                            {doc.name}
                            {doc.title && <span class="muted"> · {doc.title}</span>}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
        </ul>
      </section>
    </Page>
  );
}
