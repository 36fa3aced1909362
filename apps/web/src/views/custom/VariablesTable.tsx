/**
 * The variables of a draft: name, role, default, domain, plot range and
 * scale, one row each. Rows are indexed by position (Solid's Index), so an
 * input keeps its focus while its text changes. The field core complains
 * about is marked invalid.
 */
import { For, Index } from 'solid-js';
import type { DraftVariable } from '../../custom-loss/draft';

/** Domains offered as suggestions (any of core's domain texts is accepted). */
const DOMAIN_SUGGESTIONS = ['real', '> 0', '>= 0', '[0, 1]', '(0, 1)', '(0, 1]', '{0, 1}', '{-1, 1}'];

export function VariablesTable(props: {
  readonly variables: readonly DraftVariable[];
  /** The field path core's error names, e.g. 'variables[1].domain'. */
  readonly invalidField: string | undefined;
  readonly onChange: (index: number, patch: Partial<DraftVariable>) => void;
  readonly onRemove: (index: number) => void;
  readonly onAdd: () => void;
}) {
  const invalid = (i: number, part: string) =>
    props.invalidField === `variables[${i}].${part}` || props.invalidField === `variables[${i}]`;
  const label = (v: () => DraftVariable, i: number, what: string) =>
    `${what} of ${v().name || `variable ${i + 1}`}`;
  return (
    <div class="variables-editor">
      <datalist id="custom-domains">
        <For each={DOMAIN_SUGGESTIONS}>{(d) => <option value={d} />}</For>
      </datalist>
      <table class="variables-table" data-testid="custom-variables">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Default</th>
            <th scope="col">Domain</th>
            <th scope="col">Plot from</th>
            <th scope="col">to</th>
            <th scope="col">Scale</th>
            <th scope="col">
              <span class="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <Index each={props.variables}>
            {(v, i) => (
              <tr data-variable={i}>
                <td data-label="Name">
                  <input
                    type="text"
                    class="mono"
                    value={v().name}
                    aria-label={`Name of variable ${i + 1}`}
                    aria-invalid={invalid(i, 'name')}
                    spellcheck={false}
                    autocomplete="off"
                    onInput={(e) => props.onChange(i, { name: e.currentTarget.value })}
                  />
                </td>
                <td data-label="Role">
                  <select
                    value={v().role}
                    aria-label={label(v, i, 'Role')}
                    aria-invalid={invalid(i, 'role')}
                    onChange={(e) =>
                      props.onChange(i, {
                        role: e.currentTarget.value === 'data' ? 'data' : 'hyperparameter',
                      })
                    }
                  >
                    <option value="data">data</option>
                    <option value="hyperparameter">hyperparameter</option>
                  </select>
                </td>
                <td data-label="Default">
                  <input
                    type="text"
                    inputmode="decimal"
                    value={v().default}
                    placeholder={v().role === 'data' ? 'none' : ''}
                    aria-label={label(v, i, 'Default')}
                    aria-invalid={invalid(i, 'default')}
                    onInput={(e) => props.onChange(i, { default: e.currentTarget.value })}
                  />
                </td>
                <td data-label="Domain">
                  <input
                    type="text"
                    list="custom-domains"
                    value={v().domain}
                    aria-label={label(v, i, 'Domain')}
                    aria-invalid={invalid(i, 'domain')}
                    autocomplete="off"
                    onInput={(e) => props.onChange(i, { domain: e.currentTarget.value })}
                  />
                </td>
                <td data-label="Plot from">
                  <input
                    type="text"
                    inputmode="decimal"
                    value={v().min}
                    aria-label={label(v, i, 'Plot range start')}
                    aria-invalid={invalid(i, 'range')}
                    onInput={(e) => props.onChange(i, { min: e.currentTarget.value })}
                  />
                </td>
                <td data-label="to">
                  <input
                    type="text"
                    inputmode="decimal"
                    value={v().max}
                    aria-label={label(v, i, 'Plot range end')}
                    aria-invalid={invalid(i, 'range')}
                    onInput={(e) => props.onChange(i, { max: e.currentTarget.value })}
                  />
                </td>
                <td data-label="Scale">
                  <select
                    value={v().scale}
                    aria-label={label(v, i, 'Scale')}
                    aria-invalid={invalid(i, 'scale')}
                    onChange={(e) =>
                      props.onChange(i, { scale: e.currentTarget.value === 'log' ? 'log' : 'linear' })
                    }
                  >
                    <option value="linear">linear</option>
                    <option value="log">log</option>
                  </select>
                </td>
                <td>
                  <button
                    type="button"
                    class="icon-button"
                    aria-label={`Remove ${v().name || `variable ${i + 1}`}`}
                    title="Remove this variable"
                    onClick={() => props.onRemove(i)}
                  >
                    ×
                  </button>
                </td>
              </tr>
            )}
          </Index>
        </tbody>
      </table>
      <button type="button" onClick={() => props.onAdd()}>
        Add a variable
      </button>
    </div>
  );
}
