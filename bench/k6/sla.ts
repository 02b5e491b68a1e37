// SLA load test for k6 (k6 >= 0.57 runs TypeScript directly):
//   BASE_URL=https://staging.bahnvision.example.org k6 run bench/k6/sla.ts
// 20 requests/s (constant arrival rate) of the weighted mix in scenario.json; fails when p95 of
// the request duration reaches 750 ms or more than 1 % of the requests fail. The same scenario
// runs with wrk in `make bench` (bench/sla), which reads the same scenario.json.
import http from "k6/http";
import { check } from "k6";
import { Counter } from "k6/metrics";

interface Scenario {
  rate_per_second: number;
  duration_seconds: number;
  thresholds: { p95_ms: number; error_ratio: number };
  requests: { weight: number; path: string }[];
}

const scenario: Scenario = JSON.parse(open("./scenario.json"));
const baseUrl: string = __ENV.BASE_URL || "http://127.0.0.1:8000";
const duration: number = Number(__ENV.DURATION_SECONDS || scenario.duration_seconds);

// The weighted mix as a flat list: request i picks entry i modulo its length.
const mix: string[] = scenario.requests.flatMap((r) => Array<string>(r.weight).fill(r.path));
const cacheStatus = new Counter("bahnvision_cache_status");

export const options = {
  scenarios: {
    sla: {
      executor: "constant-arrival-rate",
      rate: scenario.rate_per_second,
      timeUnit: "1s",
      duration: `${duration}s`,
      preAllocatedVUs: 10,
      maxVUs: 50,
    },
  },
  thresholds: {
    http_req_duration: [`p(95)<${scenario.thresholds.p95_ms}`],
    http_req_failed: [`rate<${scenario.thresholds.error_ratio}`],
    checks: ["rate>0.99"],
  },
};

let counter = 0;

export default function (): void {
  const path = mix[(__VU * 7919 + counter++) % mix.length];
  const route = path.split("?")[0];
  const res = http.get(`${baseUrl}${path}`, { tags: { name: route } });
  check(res, {
    "status is 200": (r) => r.status === 200,
    "JSON body": (r) => (r.headers["Content-Type"] || "").startsWith("application/json"),
  });
  cacheStatus.add(1, { status: res.headers["X-Cache-Status"] || "none", route });
}
