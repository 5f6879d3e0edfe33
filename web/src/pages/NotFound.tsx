import { NotFoundResult } from '../components/States';

export default function NotFound() {
  return <NotFoundResult />;
}
