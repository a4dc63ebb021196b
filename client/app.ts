import { type PropsWithChildren } from 'react';
import { useError, useLaunch } from '@tarojs/taro';
import { refreshUnread } from './store/inbox';
import { ensureSession, getSession } from './store/session';
import { applyDocumentClass } from './store/elder';
import './app.scss';
import './elder.generated.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    applyDocumentClass();
    // Log in as soon as the app starts; pages show their content as soon as `me` arrives.
    void ensureSession().then(() => {
      if (getSession().status === 'ready') void refreshUnread();
    });
  });
  useError((err) => {
    console.error('[app error]', err);
  });
  return children;
}

export default App;
