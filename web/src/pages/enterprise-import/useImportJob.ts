import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { ImportJob } from "../../api/types";

const BUSY: readonly ImportJob["status"][] = ["validating", "committing"];

/** GET /api/enterprise-imports/:id, polled every 500 ms while the server is working on it. */
export function useImportJob(id: string | null) {
  return useQuery({
    queryKey: ["enterprise-import", id],
    queryFn: () => api.get<ImportJob>(`/api/enterprise-imports/${encodeURIComponent(id ?? "")}`),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data && BUSY.includes(q.state.data.status) ? 500 : false),
    staleTime: 0,
  });
}

export const isBusy = (job?: ImportJob) => !!job && BUSY.includes(job.status);
