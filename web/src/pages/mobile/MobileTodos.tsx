import { TodoList } from "../todos/TodoList";

/** 我的待办 on the phone. */
export default function MobileTodos() {
  return (
    <div className="m-card">
      <TodoList compact />
    </div>
  );
}
