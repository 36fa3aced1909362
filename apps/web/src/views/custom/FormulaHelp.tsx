/** The formula language in brief, and every function with what it means (from core's own table). */
import { formulaFunctions } from '@losslab/core';
import { For } from 'solid-js';

export function FormulaHelp() {
  return (
    <details class="custom-help">
      <summary>The formula language</summary>
      <ul>
        <li>
          Numbers (<code>1.5</code>, <code>2e-3</code>), <code>pi</code>, <code>inf</code>, your variables.
        </li>
        <li>
          <code>+ - * /</code>, <code>^</code> (right-associative: <code>2^3^2</code> is <code>2^9</code>
          ), unary minus, parentheses.
        </li>
        <li>
          <code>if(condition, a, b)</code>, or <code>if(c1, a, c2, b, otherwise)</code>; conditions compare
          with <code>&lt; &lt;= &gt; &gt;= == !=</code> and combine with <code>and or not</code>.
        </li>
      </ul>
      <table class="functions-table">
        <thead>
          <tr>
            <th scope="col">Function</th>
            <th scope="col">Meaning</th>
          </tr>
        </thead>
        <tbody>
          <For each={[...formulaFunctions.entries()]}>
            {([name, f]) => (
              <tr>
                <th scope="row">
                  <code>{name}</code>
                </th>
                <td>{f.doc}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </details>
  );
}
