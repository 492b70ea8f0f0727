import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { keys } from "../../api/queries";

export type SubCollection = "licences" | "contacts" | "attachments";

/** Create / update / delete on an enterprise's sub-collection; refreshes the list, history and summaries. */
export function useSubMutations<TInput, TItem>(enterpriseId: string, what: SubCollection) {
  const qc = useQueryClient();
  const base = `/api/enterprises/${encodeURIComponent(enterpriseId)}/${what}`;
  const onSuccess = () => {
    void qc.invalidateQueries({ queryKey: keys.sub(enterpriseId, what) });
    void qc.invalidateQueries({ queryKey: keys.sub(enterpriseId, "history") });
    if (what === "licences") {
      void qc.invalidateQueries({ queryKey: ["enterprises"] });
      void qc.invalidateQueries({ queryKey: keys.dashboard });
    }
  };
  const create = useMutation({ mutationFn: (body: TInput) => api.post<TItem>(base, body), onSuccess });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Partial<TInput> }) => api.patch<TItem>(`${base}/${encodeURIComponent(id)}`, body),
    onSuccess,
  });
  const remove = useMutation({ mutationFn: (id: string) => api.del(`${base}/${encodeURIComponent(id)}`), onSuccess });
  return { create, update, remove };
}
