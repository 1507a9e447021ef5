/** Sign-in for members who already joined; new members come through an invite link. */
import { LoginForm } from '../../../shared/login-form.tsx';
import type { ApiUser } from '../../../shared/api.ts';

export function LoginPage({ onLogin }: { onLogin: (u: ApiUser) => void }) {
  return (
    <main className="page narrow">
      <LoginForm title="Smart Gym" onLogin={onLogin} />
      <p className="muted center-text">New here? Ask the gym staff for an invite link or QR code.</p>
    </main>
  );
}
