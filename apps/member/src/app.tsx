export function App() {
  return <h1>Smart Gym</h1>;
}
