import { Navigate, useParams } from "react-router";

/** /scan/:qrToken (an older form of the QR link) → the phone's scan page. */
export default function ScanRedirect() {
  const { qrToken = "" } = useParams();
  return <Navigate to={`/m/u/${encodeURIComponent(qrToken)}`} replace />;
}
