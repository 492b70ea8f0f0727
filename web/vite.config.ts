import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** The API server for `vite dev` / `vite preview` (ANGUAN_API overrides the default port 8080). */
const backend = process.env.ANGUAN_API ?? "http://127.0.0.1:8080";

/**
 * Stable vendor chunks for React and the data libraries. antd is deliberately left to rolldown's automatic
 * splitting: the parts only lazy pages use (table, date-picker, upload…) then load with those pages,
 * and no chunk exceeds ~320 kB (a single antd group would be ~1.1 MB).
 */
const vendorGroups: [name: string, test: RegExp][] = [
  ["react", /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/],
  ["data", /[\\/]node_modules[\\/](@tanstack|i18next|react-i18next|dayjs|zod)[\\/]/],
];

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": { target: backend, changeOrigin: false },
      "/healthz": { target: backend, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      "/api": { target: backend },
      "/healthz": { target: backend },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: vendorGroups.map(([name, test], i) => ({ name: `vendor-${name}`, test, priority: vendorGroups.length - i })),
        },
      },
    },
  },
});
