/** The card asking for the health screening when it is due (never answered, or 12 months old); leads to #/screening. */
import { useProfile } from '../hooks/use-member-data.ts';
import { navigate } from '../hooks/use-route.ts';
import { screeningAsk } from './screening-due.ts';

export function ScreeningDueCard() {
  const ask = screeningAsk(useProfile().data);
  if (!ask) return null;
  return (
    <div className="card screening-due" role="region" aria-label="health check due" data-testid="screening-due">
      <h2>{ask.title}</h2>
      <p>{ask.text}</p>
      <button className="primary" onClick={() => navigate('/screening')}>Answer the health questions</button>
    </div>
  );
}
