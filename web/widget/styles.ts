/**
 * All of the widget's styles, scoped to its shadow root. The page's rules can still reach
 * the host element (even with !important, which `:host … !important` outranks), so text
 * styles are set on an inner root that everything inherits from.
 */
export const WIDGET_CSS = `
:host { all: initial !important; position: fixed !important; right: 16px !important; bottom: 16px !important; z-index: 2147483000 !important; display: block !important; }
.root { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; text-align: left; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.launcher { display: flex; align-items: center; gap: 6px; margin-left: auto; border: 0; border-radius: 24px;
  padding: 12px 18px; background: #1d4ed8; color: #fff; font: inherit; font-weight: 600; cursor: pointer;
  box-shadow: 0 4px 14px rgba(0,0,0,.25); }
.launcher:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.dot { width: 8px; height: 8px; border-radius: 50%; background: #fde047; }
.panel { width: min(340px, calc(100vw - 32px)); max-height: min(520px, calc(100vh - 96px)); display: flex;
  flex-direction: column; margin-bottom: 12px; background: #fff; border-radius: 12px; overflow: hidden;
  box-shadow: 0 8px 30px rgba(0,0,0,.3); }
.head { display: flex; justify-content: space-between; align-items: center; padding: 10px 14px; background: #1d4ed8; color: #fff; }
.head h2 { margin: 0; font-size: 15px; }
.close { border: 0; background: transparent; color: #fff; font-size: 20px; line-height: 1; cursor: pointer; padding: 4px 8px; }
.messages { list-style: none; margin: 0; padding: 12px 14px; overflow-y: auto; flex: 1; min-height: 80px; }
.message { margin: 0 0 10px; }
.sender { display: block; font-size: 12px; color: #57606a; font-weight: 600; }
.text { display: inline-block; margin: 2px 0 0; padding: 8px 12px; border-radius: 12px; background: #eef2ff; white-space: pre-wrap; word-break: break-word; }
.empty { color: #57606a; }
.typing { padding: 0 14px 8px; color: #57606a; font-style: italic; }
form { padding: 10px 14px 14px; border-top: 1px solid #d0d7de; display: grid; gap: 6px; }
label { font-size: 12px; color: #57606a; display: grid; gap: 2px; }
input { font: inherit; padding: 6px 8px; border: 1px solid #8c959f; border-radius: 6px; }
.submit { border: 0; border-radius: 6px; padding: 8px; background: #1d4ed8; color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
.error { color: #b42318; font-size: 12px; margin: 0; }
.whoami { margin: 0; padding: 8px 14px 12px; border-top: 1px solid #d0d7de; color: #57606a; font-size: 12px; }
`;
