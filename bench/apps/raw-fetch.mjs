// The same call with plain fetch.
fetch("https://portal.example.com/api/2.0/crm/case/42/reopen", {
  method: "PUT",
  headers: { Authorization: "TOKEN" },
})
  .then((response) => response.json())
  .then((body) => console.log(body.response.title));
