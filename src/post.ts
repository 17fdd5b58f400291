import { actionReport, installLastResort } from './host/failure.js';
import { runPost } from './action/post.js';

// The post step never fails the job, even on an error nobody caught.
installLastResort(actionReport('esc-action post step: ', 'warning'));
runPost();
