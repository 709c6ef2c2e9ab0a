// The same call with openapi-fetch alone: the floor the facade is compared with.
import createClient from "openapi-fetch";

const client = createClient({
  baseUrl: "https://portal.example.com",
  headers: { Authorization: "TOKEN" },
});
client
  .PUT("/api/2.0/crm/case/{caseid}/reopen", { params: { path: { caseid: 42 } } })
  .then(({ data }) => console.log(data.response.title));
