// Smoke test after a deploy (one virtual user, every request of the SLA mix once, plus health):
//   BASE_URL=https://bahnvision.example.org k6 run bench/k6/smoke.ts
import http from "k6/http";
import { check, fail } from "k6";

const scenario: { requests: { path: string }[] } = JSON.parse(open("./scenario.json"));
const baseUrl: string = __ENV.BASE_URL || "http://127.0.0.1:8000";

export const options = {
  vus: 1,
  iterations: 1,
  thresholds: { checks: ["rate==1"] },
};

export default function (): void {
  const paths = ["/api/v1/health/live", "/api/v1/health/ready", ...scenario.requests.map((r) => r.path)];
  for (const path of paths) {
    const res = http.get(`${baseUrl}${path}`);
    const ok = check(res, {
      [`${path} answers 200`]: (r) => r.status === 200,
      [`${path} carries X-Request-Id`]: (r) => (r.headers["X-Request-Id"] || "") !== "",
    });
    if (!ok && path.startsWith("/api/v1/health")) fail(`${path}: ${res.status}`);
  }
}
