import { NewChatPage } from '../pages/new-chat-page.tsx'

export function NewChatRoute() {
  return <NewChatPage />
}
