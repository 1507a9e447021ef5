// Entry of the worker page. The transport issue fills in stream consumption; the perception issues the pipeline.
const status = document.getElementById('status');
if (status) status.textContent = 'worker page loaded';
