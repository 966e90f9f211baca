// Whether the functions at the edge answer CORS in place of S3, judged from
// the reader's facts about their parsed code (readers/cloudformation/functions.ts).
import type { CorsBehaviour } from '../facts';

/**
 * 'answers': a function answers preflights and writes Access-Control-Allow-Origin (as edge mode does), so what S3
 * would answer is not what the browser reads; 'none': no function does either, so S3 answers; 'unknown': anything
 * else (code that cannot be followed, Lambda@Edge, or one half without the other). The forwarding, cache-key and
 * OPTIONS rules run only on 'none'; distribution-function-not-understood reports 'unknown'.
 */
export function edgeCors(b: CorsBehaviour): 'answers' | 'none' | 'unknown' {
  const preflight = b.edge.answersPreflight.answer;
  const origin = b.edge.setsAllowOrigin.answer;
  if (preflight === 'yes' && origin === 'yes') return 'answers';
  if (preflight === 'no' && origin === 'no') return 'none';
  return 'unknown';
}
