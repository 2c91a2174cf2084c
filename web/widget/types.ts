/** The parts of the service's answers the widget reads (see the event response in DESIGN §3). */
export type EventType = 'page-view' | 'time-on-site' | 'chat-opened' | 'guest-registered';

export interface Message {
  msg: string;
  order: number;
}

export interface ResolvedAction {
  name: string;
  source: string;
  sender: { type: string; username: string | null; name: string } | null;
  messages: Message[];
  error?: string;
}

export interface EventResponse {
  fired: { triggerId: string; triggerName: string; actions: ResolvedAction[] }[];
  scheduled: { triggerId: string; afterSeconds: number }[];
}

export interface Guest {
  name?: string;
  email?: string;
}
