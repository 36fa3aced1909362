import { getLoss, losses } from '@losslab/core';
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Notices } from '../src/app/Notices';
import { Axis } from '../src/components/Axis';
import { Colorbar } from '../src/components/Colorbar';
import { Slider } from '../src/components/Slider';
import { createAppStore } from '../src/state/store';
import { parseState } from '../src/state/url';
import { CompareView } from '../src/views/CompareView';
import { InfoView } from '../src/views/InfoView';

// jsdom has no canvas; components must cope with getContext returning null.
beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('Notices', () => {
  it('renders hostile URL text as text, never as markup', () => {
    const { notices } = parseState('view=<img src=x onerror=alert(1)>&loss=<script>alert(1)</script>');
    const { container } = render(() => <Notices notices={notices} onDismiss={() => {}} />);
    expect(container.querySelector('img, script')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
  });
  it('shows nothing when there is nothing to say, and dismisses', () => {
    const dismiss = vi.fn();
    const { container, unmount } = render(() => <Notices notices={[]} onDismiss={dismiss} />);
    expect(container.textContent).toBe('');
    unmount();
    render(() => <Notices notices={['x']} onDismiss={dismiss} />);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(dismiss).toHaveBeenCalledOnce();
  });
});

describe('Slider', () => {
  const domain = getLoss('huber').variables[1]!.domain;
  it('maps the track to values and accepts exact values in the domain only', () => {
    const onInput = vi.fn();
    render(() => (
      <Slider
        id="s"
        label="threshold δ"
        value={1}
        min={0.1}
        max={3}
        scale="linear"
        domain={domain}
        onInput={onInput}
      />
    ));
    const range = screen.getByLabelText('threshold δ') as HTMLInputElement;
    fireEvent.input(range, { target: { value: '1000' } });
    expect(onInput).toHaveBeenLastCalledWith(3);
    fireEvent.input(range, { target: { value: '0' } });
    expect(onInput).toHaveBeenLastCalledWith(0.1);

    const box = screen.getByLabelText('threshold δ, exact value') as HTMLInputElement;
    fireEvent.input(box, { target: { value: '-2' } });
    fireEvent.change(box);
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toContain('(0, ∞)');
    expect(onInput).toHaveBeenCalledTimes(2);
    fireEvent.input(box, { target: { value: '2.25' } });
    fireEvent.change(box);
    expect(onInput).toHaveBeenLastCalledWith(2.25);
    expect(box.getAttribute('aria-invalid')).toBe('false');
  });
  it('slides geometrically on a log scale', () => {
    const onInput = vi.fn();
    render(() => (
      <Slider id="s" label="v" value={1} min={0.01} max={100} scale="log" domain={domain} onInput={onInput} />
    ));
    const range = screen.getByLabelText('v') as HTMLInputElement;
    expect(range.value).toBe('500');
    fireEvent.input(range, { target: { value: '750' } });
    expect(onInput).toHaveBeenLastCalledWith(10);
  });
});

describe('Axis and Colorbar', () => {
  it('places tick labels at their positions', () => {
    const { container } = render(() => <Axis orientation="x" min={-3} max={3} scale="linear" label="r" />);
    const ticks = [...container.querySelectorAll<HTMLElement>('.axis-tick')];
    expect(ticks.map((t) => t.textContent)).toEqual(['\u22123', '\u22122', '\u22121', '0', '1', '2', '3']);
    expect(ticks[3]!.style.left).toBe('50%');
  });
  it('labels a log axis with powers of ten', () => {
    const { container } = render(() => <Axis orientation="y" min={0.01} max={100} scale="log" label="δ" />);
    const labels = [...container.querySelectorAll('.axis-tick')].map((t) => t.textContent);
    expect(labels).toEqual(['0.01', '0.1', '1', '10', '100']);
    expect(container.textContent).toContain('(log)');
  });
  it('states its range and scale', () => {
    render(() => (
      <Colorbar colormap="magma" colorScale="linear" range={{ min: 0, max: 4.5 }} label="value" />
    ));
    const bar = screen.getByTestId('colorbar');
    expect(bar.dataset.min).toBe('0');
    expect(bar.dataset.max).toBe('4.5');
    expect(bar.getAttribute('aria-label')).toContain('magma');
  });
});

describe('Compare and Info views', () => {
  it('lists every loss and sorts by a column', () => {
    const store = createAppStore('view=compare');
    const { container } = render(() => <CompareView store={store} />);
    const ids = () => [...container.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-loss'));
    expect(ids()).toHaveLength(losses.length);
    fireEvent.click(screen.getByRole('button', { name: 'Loss' }));
    const names = ids().map((id) => getLoss(id!).name.toLowerCase());
    expect(names).toEqual([...names].sort());
    fireEvent.click(screen.getByRole('button', { name: /Loss/ }));
    expect(ids().map((id) => getLoss(id!).name.toLowerCase())).toEqual([...names].reverse());
  });
  it('opening a row switches the loss and the view', () => {
    const store = createAppStore('view=compare');
    render(() => <CompareView store={store} />);
    const target = losses[losses.length - 1]!;
    fireEvent.click(screen.getByRole('button', { name: `${target.name} heatmap` }));
    expect(store.state.view).toBe('heatmap');
    expect(store.state.loss).toBe(target.id);
  });
  it('shows the formula, the prose and the reference of a loss', () => {
    const store = createAppStore('view=info&loss=huber');
    const { container } = render(() => <InfoView store={store} />);
    expect(container.querySelector('.katex')).not.toBeNull();
    expect(container.textContent).toContain('SmoothL1');
    expect(container.textContent).toContain(getLoss('huber').reference);
  });
});
