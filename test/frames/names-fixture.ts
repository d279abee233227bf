import type { Directory } from '../../lib/api/index';

export const P1 = 'proj_FXfezzyMATiAVNphEoiManpB';
export const P2 = 'proj_38i6yUqbspzb4wAplmPv2RqO';
export const P3 = 'proj_jSOJqZKrKj2RtEiU7ZeRlIh9';
export const ARCHIVED = 'proj_loPypRKNbMGqjLejoESybhmq';

/** A directory with two projects of one name, an archived one, a nameless one, users, keys and a service account. */
export const directory: Directory = {
  projects: [
    { id: P1, name: 'Production', createdAt: 1, archivedAt: null, archived: false },
    { id: P2, name: 'Support', createdAt: 1, archivedAt: null, archived: false },
    { id: P3, name: 'Support', createdAt: 1, archivedAt: null, archived: false },
    { id: ARCHIVED, name: 'Legacy', createdAt: 1, archivedAt: 2, archived: true },
    { id: 'proj_unnamed', name: null, createdAt: 1, archivedAt: null, archived: false },
  ],
  users: [
    { id: 'user-a', name: 'Ada', email: 'ada@example.com', role: 'owner', addedAt: 1 },
    { id: 'user-b', name: 'Bob', email: null, role: 'reader', addedAt: 1 },
    { id: 'user-proto', name: null, email: '__proto__', role: 'reader', addedAt: 1 },
  ],
  apiKeys: [
    {
      id: 'key_1',
      projectId: P1,
      name: 'Backend',
      redactedValue: 'sk-proj-***',
      createdAt: 1,
      lastUsedAt: null,
      ownerType: 'user',
      ownerId: 'user-a',
      ownerName: 'Ada',
      ownerEmail: 'ada@example.com',
    },
    {
      id: 'key_2',
      projectId: P2,
      name: 'key_1',
      redactedValue: null,
      createdAt: 1,
      lastUsedAt: null,
      ownerType: 'service_account',
      ownerId: 'svc_acct_1',
      ownerName: 'bot',
      ownerEmail: null,
    },
  ],
  serviceAccounts: [{ id: 'svc_acct_1', projectId: P2, name: 'Nightly bot', role: 'member', createdAt: 1 }],
  unlistedProjectIds: [],
};
