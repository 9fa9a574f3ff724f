/** The fields of a list's filter bar (the desk worklist, the workspace's files): one markup for both. */

export interface Choice {
  value: string;
  label: string;
}

/** A select of the filter bar; the choices include the "any"/"all" one first. */
export function FilterSelect<V extends string>(props: {
  id: string;
  label: string;
  value: V;
  choices: Choice[];
  onChange: (value: V) => void;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange((e.target as HTMLSelectElement).value as V)}
      >
        {props.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A free-text search of the filter bar, with its hint. */
export function SearchField(props: {
  id: string;
  label: string;
  hint: string;
  value: string;
  onInput: (value: string) => void;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <p class="hint" id={`${props.id}-hint`}>
        {props.hint}
      </p>
      <input
        id={props.id}
        type="search"
        value={props.value}
        aria-describedby={`${props.id}-hint`}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
    </div>
  );
}

/** A yes/no filter (a checkbox before its label). */
export function CheckboxField(props: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <div class="field checkbox">
      <input
        id={props.id}
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange((e.target as HTMLInputElement).checked)}
      />
      <label for={props.id}>{props.label}</label>
    </div>
  );
}
