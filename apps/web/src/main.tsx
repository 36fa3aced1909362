import 'katex/dist/katex.min.css';
import './styles/app.css';
import { render } from 'solid-js/web';
import { App } from './app/App';
import { createAppStore } from './state/store';

const root = document.getElementById('root');
if (root) render(() => <App store={createAppStore(window.location.search)} />, root);
