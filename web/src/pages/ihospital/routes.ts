// The internet hospital's pages (互联网医院), added to the app's route table.
import type { RouteDef } from '../../app/routes';
import { IhConsultations } from './Consultations';
import { IhPrescriptions } from './Prescriptions';
import { IhDoctor, IhPharmacist } from './Staff';

export const IHOSPITAL_ROUTES: RouteDef[] = [
  { path: '/ihospital', title: 'nav_ihospital', component: IhConsultations, section: 'citizen' },
  { path: '/ihospital/consultations', title: 'ih_thread', component: IhConsultations, section: 'citizen', hideInNav: true, prefix: true },
  { path: '/ihospital/prescriptions', title: 'nav_ihospital_rx', component: IhPrescriptions, section: 'citizen' },
  { path: '/ihospital/doctor', title: 'nav_ihospital_doctor', component: IhDoctor, roles: ['doctor'], section: 'official' },
  { path: '/ihospital/pharmacist', title: 'nav_ihospital_pharmacist', component: IhPharmacist, roles: ['pharmacist'], section: 'official' },
];
