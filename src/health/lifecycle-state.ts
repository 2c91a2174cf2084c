import { Injectable } from '@nestjs/common';

/** Whether this instance is draining: readiness turns 503 the moment shutdown starts. */
@Injectable()
export class LifecycleState {
  private draining = false;

  get isDraining(): boolean {
    return this.draining;
  }

  startDraining(): void {
    this.draining = true;
  }
}
