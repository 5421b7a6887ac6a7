import type { ComponentChildren } from 'preact';
import { timeZone } from '../time';

/** Now or later: a text's time, typed as wall time in the district's zone; `children` explain the texting window. */
export function WhenField(props: {
  id: string;
  when: 'now' | 'later';
  onWhen: (when: 'now' | 'later') => void;
  sendAt: string;
  onSendAt: (value: string) => void;
  children: ComponentChildren;
}) {
  return (
    <fieldset>
      <legend>When</legend>
      {(['now', 'later'] as const).map((value) => (
        <label class="inline" key={value}>
          <input
            type="radio"
            name={`${props.id}-when`}
            value={value}
            checked={props.when === value}
            onChange={() => props.onWhen(value)}
          />{' '}
          {value === 'now' ? 'Now' : 'Later'}
        </label>
      ))}
      {props.when === 'later' ? (
        <div class="field">
          <label for={props.id}>Send at ({timeZone()})</label>
          <input
            id={props.id}
            type="datetime-local"
            value={props.sendAt}
            onInput={(e) => props.onSendAt(e.currentTarget.value)}
          />
        </div>
      ) : null}
      {props.children}
    </fieldset>
  );
}
