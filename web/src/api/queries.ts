/** react-query hooks shared by several pages. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ApiError, api, CSRF_COOKIE, type Query, readCookie } from "./client";
import type { DashboardSummary, Enterprise, EnterpriseSummary, Me, Organization, Paged, Region } from "./types";

export const keys = {
  me: ["me"] as const,
  regions: ["regions"] as const,
  dashboard: ["dashboard"] as const,
  enterprises: (q: Query) => ["enterprises", q] as const,
  enterprise: (id: string) => ["enterprise", id] as const,
  sub: (id: string, what: "licences" | "contacts" | "attachments" | "history") => ["enterprise", id, what] as const,
  organizations: (kind?: string) => ["organizations", kind ?? ""] as const,
  /** The 单位管理 table; under "organizations", so creating one refreshes the users' organisation pickers too. */
  organizationList: (kind: string | undefined, q: string) => ["organizations", "list", kind ?? "", q] as const,
  assignments: (orgId: string) => ["assignments", orgId] as const,
};

/** GET /api/auth/me; null when not signed in. */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async (): Promise<Me | null> => {
      // Login sets the session and the (script-readable) CSRF cookie together and logout clears both: without the
      // CSRF cookie there is no session, so skip the request (and the browser's red 401 line in the console).
      if (!readCookie(CSRF_COOKIE)) return null;
      try {
        return await api.get<Me>("/api/auth/me");
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

export function useRegions() {
  return useQuery({
    queryKey: keys.regions,
    queryFn: () => api.get<{ items: Region[] }>("/api/regions"),
    staleTime: 10 * 60_000,
    select: (d) => d.items,
  });
}

export function useDashboard() {
  return useQuery({ queryKey: keys.dashboard, queryFn: () => api.get<DashboardSummary>("/api/dashboard/summary") });
}

export function useEnterprises(query: Query) {
  return useQuery({
    queryKey: keys.enterprises(query),
    queryFn: () => api.get<Paged<EnterpriseSummary>>("/api/enterprises", query),
    placeholderData: keepPreviousData,
  });
}

export function useEnterprise(id: string | undefined) {
  return useQuery({
    queryKey: keys.enterprise(id ?? ""),
    queryFn: () => api.get<Enterprise>(`/api/enterprises/${encodeURIComponent(id ?? "")}`),
    enabled: !!id,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
    retryOnMount: false,
  });
}

/** Sub-collections: the contract shows `{items}`; a bare array is accepted too. */
export function useSubList<T>(id: string, what: "licences" | "contacts" | "attachments" | "history") {
  return useQuery({
    queryKey: keys.sub(id, what),
    queryFn: async () => {
      const r = await api.get<{ items: T[] } | T[]>(`/api/enterprises/${encodeURIComponent(id)}/${what}`);
      return Array.isArray(r) ? r : (r?.items ?? []);
    },
  });
}

export function useOrganizations(kind?: string, enabled = true) {
  return useQuery({
    queryKey: keys.organizations(kind),
    queryFn: () => api.get<{ items: Organization[] }>("/api/organizations", { kind }),
    select: (d) => d.items,
    enabled,
    staleTime: 60_000,
  });
}
