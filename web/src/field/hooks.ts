/** Small hooks of the light intake page. */
import { useEffect, useState } from 'react';

/** The settled value of a promise started elsewhere: undefined until it answers; `failed` when it threw. */
export function useAnswer<T>(p: Promise<T>): { data?: T; failed: boolean } {
  const [state, setState] = useState<{ data?: T; failed: boolean }>({ failed: false });
  useEffect(() => {
    let live = true;
    p.then(
      (data) => live && setState({ data, failed: false }),
      () => live && setState({ failed: true }),
    );
    return () => {
      live = false;
    };
  }, [p]);
  return state;
}
