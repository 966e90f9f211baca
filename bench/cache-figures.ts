// Cache figures for both corsModes of CloudFrontCorsDistribution, measured at
// the CloudFront stand-in of the browser suite (which runs the synthesized
// functions, policies and error TTLs) in front of a local S3 endpoint: for one
// object read once by each of N distinct origins (a preflight, then a GET), plus
// once without Origin, how many GETs and preflights reached S3.
//   npm run bench
import { CacheFigure, formatCacheFigures, startCacheFigureRig } from '../standins/cache-figures';

async function main(): Promise<void> {
  const rig = await startCacheFigureRig();
  const figures: CacheFigure[] = [];
  try {
    for (const n of [1, 10, 100]) {
      figures.push(await rig.measure('S3', n), await rig.measure('EDGE', n));
    }
  } finally {
    await rig.close();
  }
  console.log(formatCacheFigures(figures));
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
