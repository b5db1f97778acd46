export default function Home() {
  return (
    <main>
      <h1>Adoption test app</h1>
      <a href="/settings/billing">Billing settings</a>
    </main>
  )
}
