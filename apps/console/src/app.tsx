export function App() {
  return <h1>Smart Gym console</h1>;
}
