import type { Logger } from '../../core/log.js';
import type { Role } from '../../core/db/database.js';
import type { Lang } from './i18n.js';

export type AuthUser = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  agencyId: string | null;
  agencyName: string | null;
  agencyPath: string | null;
  businessId: string | null;
  sessionId: string;
  csrfToken: string;
};

export type AppEnv = {
  Variables: {
    requestId: string;
    log: Logger;
    lang: Lang;
    user: AuthUser | null;
    /** The client's address as resolved once per request (api/http/client-address.ts). */
    clientIp: string | null;
  };
};
