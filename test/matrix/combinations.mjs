// The version matrix: each combination is installed into an app of its own, built and called
// over HTTP by `npm run test:matrix` (run.mjs). `ci: true` marks the ones `.ci/run` runs: the
// oldest and the newest supported release of each framework, and a refused one.
//
// The oldest supported releases (src/vite/start-framework.ts, OLDEST_SUPPORTED) are the oldest
// the registry has that pass here: React Start 1.147.0 and Solid Start 1.145.4 build, but their
// compiler registers endpoints where the verification does not look (an empty inventory, which
// `probe` catches), and 1.140.0 of both leaves handlers uncompiled (SFA606). Vue Start has one
// release on the registry, 1.167.16.
//
// `expect: 'refused'`: a release older than the oldest supported one, installed past the peer
// range, which the plugin must refuse at config time (SFA505) instead of building.

export const VITE = { '8.3': '8.3.8', '8.4': '8.4.1' }

export const COMBINATIONS = [
  { framework: 'react', start: '1.169.5', vite: VITE['8.4'], ci: true },
  { framework: 'react', start: '1.169.5', vite: VITE['8.3'] },
  { framework: 'react', start: '1.167.0', vite: VITE['8.4'] },
  { framework: 'react', start: '1.149.0', vite: VITE['8.3'], ci: true },
  { framework: 'react', start: '1.149.0', vite: VITE['8.4'] },
  { framework: 'solid', start: '1.168.55', vite: VITE['8.4'], ci: true },
  { framework: 'solid', start: '1.168.55', vite: VITE['8.3'] },
  { framework: 'solid', start: '1.149.1', vite: VITE['8.3'], ci: true },
  { framework: 'vue', start: '1.167.16', vite: VITE['8.4'], ci: true },
  { framework: 'vue', start: '1.167.16', vite: VITE['8.3'] },
  { framework: 'react', start: '1.147.0', vite: VITE['8.4'], expect: 'refused', ci: true },
  { framework: 'solid', start: '1.145.4', vite: VITE['8.4'], expect: 'refused' },
]
