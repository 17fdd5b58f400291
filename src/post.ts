import { runPost } from './action/post.js';

runPost();
